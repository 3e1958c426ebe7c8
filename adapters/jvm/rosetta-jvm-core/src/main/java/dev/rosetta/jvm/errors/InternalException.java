package dev.rosetta.jvm.errors;

import java.util.Map;

/** INTERNAL: a broken invariant at the peer. */
public class InternalException extends RosettaException {
  public InternalException(String message) {
    this(message, "", Map.of(), null);
  }

  public InternalException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.INTERNAL, message, reason, details, cause);
  }
}
