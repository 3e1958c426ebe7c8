package dev.rosetta.jvm.errors;

import java.util.Map;

/** DEADLINE_EXCEEDED: an ask's timeout passed before its reply arrived. */
public class DeadlineExceededException extends RosettaException {
  public DeadlineExceededException(String message) {
    this(message, "", Map.of(), null);
  }

  public DeadlineExceededException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.DEADLINE_EXCEEDED, message, reason, details, cause);
  }
}
