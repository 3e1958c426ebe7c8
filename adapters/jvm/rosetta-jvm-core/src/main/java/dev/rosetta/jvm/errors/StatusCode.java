package dev.rosetta.jvm.errors;

/** gRPC canonical status codes: the code every Rosetta error carries, on the wire and in each language. */
public enum StatusCode {
  OK(0), CANCELLED(1), UNKNOWN(2), INVALID_ARGUMENT(3), DEADLINE_EXCEEDED(4), NOT_FOUND(5), ALREADY_EXISTS(6),
  PERMISSION_DENIED(7), RESOURCE_EXHAUSTED(8), FAILED_PRECONDITION(9), ABORTED(10), OUT_OF_RANGE(11),
  UNIMPLEMENTED(12), INTERNAL(13), UNAVAILABLE(14), DATA_LOSS(15), UNAUTHENTICATED(16);

  private static final StatusCode[] BY_NUMBER = values();
  private final int number;

  StatusCode(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  /** The code for a wire number; numbers outside gRPC's range are {@link #UNKNOWN}. */
  public static StatusCode of(int number) {
    return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNKNOWN;
  }
}
