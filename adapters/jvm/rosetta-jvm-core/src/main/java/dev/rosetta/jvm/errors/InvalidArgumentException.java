package dev.rosetta.jvm.errors;

import java.util.Map;

/** INVALID_ARGUMENT: malformed input, a foreign sender, a bad member id, a message that cannot cross the wire. */
public class InvalidArgumentException extends RosettaException {
  public InvalidArgumentException(String message) {
    this(message, "", Map.of(), null);
  }

  public InvalidArgumentException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.INVALID_ARGUMENT, message, reason, details, cause);
  }
}
