package dev.rosetta.jvm.errors;

import java.util.Map;

/** NOT_FOUND: the addressed actor or name does not exist. */
public class NotFoundException extends RosettaException {
  public NotFoundException(String message) {
    this(message, "", Map.of(), null);
  }

  public NotFoundException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.NOT_FOUND, message, reason, details, cause);
  }
}
