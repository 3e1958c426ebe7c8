package dev.rosetta.jvm.errors;

import java.util.Map;

/** UNAUTHENTICATED: the token is missing, malformed, expired, revoked or signed by an unknown key. */
public class UnauthenticatedException extends RosettaException {
  public UnauthenticatedException(String message) {
    this(message, "", Map.of(), null);
  }

  public UnauthenticatedException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.UNAUTHENTICATED, message, reason, details, cause);
  }
}
