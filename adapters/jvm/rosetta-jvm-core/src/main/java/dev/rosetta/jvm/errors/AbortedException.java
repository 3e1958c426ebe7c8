package dev.rosetta.jvm.errors;

import java.util.Map;

/** ABORTED: the operation was aborted by the peer. */
public class AbortedException extends RosettaException {
  public AbortedException(String message) {
    this(message, "", Map.of(), null);
  }

  public AbortedException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.ABORTED, message, reason, details, cause);
  }
}
