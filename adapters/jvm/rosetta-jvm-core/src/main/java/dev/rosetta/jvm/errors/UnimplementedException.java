package dev.rosetta.jvm.errors;

import java.util.Map;

/** UNIMPLEMENTED: the peer does not implement the operation. */
public class UnimplementedException extends RosettaException {
  public UnimplementedException(String message) {
    this(message, "", Map.of(), null);
  }

  public UnimplementedException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.UNIMPLEMENTED, message, reason, details, cause);
  }
}
