package dev.rosetta.jvm.errors;

import java.util.Map;

/** UNKNOWN: an error the peer did not classify. */
public class UnknownException extends RosettaException {
  public UnknownException(String message) {
    this(message, "", Map.of(), null);
  }

  public UnknownException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.UNKNOWN, message, reason, details, cause);
  }
}
