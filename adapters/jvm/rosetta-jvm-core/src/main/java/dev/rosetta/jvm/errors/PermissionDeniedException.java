package dev.rosetta.jvm.errors;

import java.util.Map;

/** PERMISSION_DENIED: the token does not allow this send, registration or address. */
public class PermissionDeniedException extends RosettaException {
  public PermissionDeniedException(String message) {
    this(message, "", Map.of(), null);
  }

  public PermissionDeniedException(String message, String reason, Map<String, String> details, Throwable cause) {
    super(StatusCode.PERMISSION_DENIED, message, reason, details, cause);
  }
}
