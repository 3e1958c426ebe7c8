package dev.rosetta.jvm.errors;

import java.util.Map;

/** UNAVAILABLE: the gateway cannot be reached, or the connection was lost while a request was pending. */
public class UnavailableException extends RosettaException {
  public UnavailableException(String message) {
    this(message, "", Map.of(), null);
  }

  public UnavailableException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.UNAVAILABLE, message, reason, details, cause);
  }
}
