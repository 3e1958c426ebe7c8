package dev.rosetta.jvm.errors;

import java.util.Map;

/** DATA_LOSS: unrecoverable data loss. */
public class DataLossException extends RosettaException {
  public DataLossException(String message) {
    this(message, "", Map.of(), null);
  }

  public DataLossException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.DATA_LOSS, message, reason, details, cause);
  }
}
