package dev.rosetta.jvm.errors;

import java.util.Map;

/**
 * The base of every error the adapter reports: a gRPC canonical {@link StatusCode}, a stable
 * machine-readable {@code reason} within it (e.g. {@code expired}, {@code foreign-sender},
 * {@code member-in-use}; empty when none) and the details a {@code rosetta.v1.Error} carried.
 * One subclass per code, so callers can {@code catch (PermissionDeniedException e)}.
 *
 * <pre>{@code
 * rosetta.ask(pid, "hi", Duration.ofSeconds(1)).exceptionally(e -> {
 *   if (e.getCause() instanceof DeadLetterException) { ... }  // nobody at that PID
 *   return null;
 * });
 * }</pre>
 */
public class RosettaException extends RuntimeException {
  private final StatusCode code;
  private final String reason;
  private final Map<String, String> details;

  public RosettaException(StatusCode code, String message, String reason, Map<String, String> details, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.reason = reason == null ? "" : reason;
    this.details = details == null ? Map.of() : Map.copyOf(details);
  }

  public StatusCode code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public Map<String, String> details() {
    return details;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + code + (reason.isEmpty() ? "" : "/" + reason) + "]: " + getMessage();
  }
}
