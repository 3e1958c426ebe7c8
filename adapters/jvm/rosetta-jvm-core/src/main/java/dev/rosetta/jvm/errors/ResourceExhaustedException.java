package dev.rosetta.jvm.errors;

import java.util.Map;

/** RESOURCE_EXHAUSTED: a quota or a bounded queue (the gateway's or this client's) is full. */
public class ResourceExhaustedException extends RosettaException {
  public ResourceExhaustedException(String message) {
    this(message, "", Map.of(), null);
  }

  public ResourceExhaustedException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.RESOURCE_EXHAUSTED, message, reason, details, cause);
  }
}
