package dev.rosetta.jvm.errors;

import java.util.Map;

/** FAILED_PRECONDITION: the operation needs a state the client is not in (e.g. not connected yet). */
public class FailedPreconditionException extends RosettaException {
  public FailedPreconditionException(String message) {
    this(message, "", Map.of(), null);
  }

  public FailedPreconditionException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.FAILED_PRECONDITION, message, reason, details, cause);
  }
}
