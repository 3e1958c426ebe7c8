package dev.rosetta.jvm.errors;

import java.util.Map;

/** ALREADY_EXISTS: a name or member id is taken. */
public class AlreadyExistsException extends RosettaException {
  public AlreadyExistsException(String message) {
    this(message, "", Map.of(), null);
  }

  public AlreadyExistsException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.ALREADY_EXISTS, message, reason, details, cause);
  }
}
