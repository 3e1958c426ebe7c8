package dev.rosetta.jvm.errors;

import java.util.Map;

/** CANCELLED: the operation was cancelled (e.g. the client was closed). */
public class CancelledException extends RosettaException {
  public CancelledException(String message) {
    this(message, "", Map.of(), null);
  }

  public CancelledException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.CANCELLED, message, reason, details, cause);
  }
}
