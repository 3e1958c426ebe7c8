package dev.rosetta.jvm.errors;

import java.util.Map;

/** OUT_OF_RANGE: a value outside its valid range. */
public class OutOfRangeException extends RosettaException {
  public OutOfRangeException(String message) {
    this(message, "", Map.of(), null);
  }

  public OutOfRangeException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.OUT_OF_RANGE, message, reason, details, cause);
  }
}
