package dev.rosetta.jvm.errors;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the typed exception for a status code: from a {@code rosetta.v1.Error}, or from a gRPC stream status. */
public final class Errors {
  /** Gateway status messages read {@code "<reason>: <text>"} (e.g. {@code "expired: token expired"}). */
  private static final Pattern REASON_PREFIX = Pattern.compile("^([a-z][a-z0-9]*(?:-[a-z0-9]+)*): (.*)$", Pattern.DOTALL);

  private Errors() {}

  public static RosettaException of(StatusCode code, String message, String reason, Map<String, String> details, Throwable cause) {
    String m = message == null || message.isEmpty() ? code.name() : message;
    String r = reason == null ? "" : reason;
    Map<String, String> d = details == null ? Map.of() : details;
    return switch (code) {
      case CANCELLED -> new CancelledException(m, r, d, cause);
      case INVALID_ARGUMENT -> new InvalidArgumentException(m, r, d, cause);
      case DEADLINE_EXCEEDED -> new DeadlineExceededException(m, r, d, cause);
      case NOT_FOUND -> new NotFoundException(m, r, d, cause);
      case ALREADY_EXISTS -> new AlreadyExistsException(m, r, d, cause);
      case PERMISSION_DENIED -> new PermissionDeniedException(m, r, d, cause);
      case RESOURCE_EXHAUSTED -> new ResourceExhaustedException(m, r, d, cause);
      case FAILED_PRECONDITION -> new FailedPreconditionException(m, r, d, cause);
      case ABORTED -> new AbortedException(m, r, d, cause);
      case OUT_OF_RANGE -> new OutOfRangeException(m, r, d, cause);
      case UNIMPLEMENTED -> new UnimplementedException(m, r, d, cause);
      case INTERNAL -> new InternalException(m, r, d, cause);
      case UNAVAILABLE -> new UnavailableException(m, r, d, cause);
      case DATA_LOSS -> new DataLossException(m, r, d, cause);
      case UNAUTHENTICATED -> new UnauthenticatedException(m, r, d, cause);
      case OK, UNKNOWN -> new UnknownException(m, r, d, cause);
    };
  }

  /** The typed exception for a {@code rosetta.v1.Error} envelope. */
  public static RosettaException fromWire(int code, String message, String reason, Map<String, String> details) {
    String r = reason;
    String m = message;
    if (r == null || r.isEmpty()) {
      Matcher prefixed = REASON_PREFIX.matcher(message == null ? "" : message);
      if (prefixed.matches()) r = prefixed.group(1);
    }
    return of(StatusCode.of(code), m, r, details, null);
  }

  /** The typed exception for the status a gRPC stream ended with. */
  public static RosettaException fromStatus(Throwable t) {
    Status status = Status.fromThrowable(t);
    String description = status.getDescription() == null ? "" : status.getDescription();
    String reason = "";
    Matcher prefixed = REASON_PREFIX.matcher(description);
    if (prefixed.matches()) reason = prefixed.group(1);
    if (t instanceof StatusRuntimeException sre && sre.getTrailers() != null) {
      String trailer = sre.getTrailers().get(io.grpc.Metadata.Key.of("rosetta-reason", io.grpc.Metadata.ASCII_STRING_MARSHALLER));
      if (trailer != null && !trailer.isEmpty()) reason = trailer;
    }
    String message = description.isEmpty() ? "gRPC stream ended: " + status.getCode() : description;
    return of(StatusCode.of(status.getCode().value()), message, reason, Map.of(), t);
  }
}
