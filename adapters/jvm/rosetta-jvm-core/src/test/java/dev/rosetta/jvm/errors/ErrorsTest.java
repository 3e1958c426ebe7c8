package dev.rosetta.jvm.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  @Test
  void everyCanonicalCodeHasItsOwnExceptionType() {
    for (StatusCode c : StatusCode.values()) {
      RosettaException e = Errors.of(c, "m", "r", Map.of(), null);
      assertEquals(c == StatusCode.OK ? StatusCode.UNKNOWN : c, e.code());
      assertEquals("r", e.reason());
    }
    assertInstanceOf(ResourceExhaustedException.class, Errors.fromWire(8, "full", "", Map.of()));
  }

  @Test
  void aStreamStatusBecomesATypedErrorWithTheReasonItsMessageStartsWith() {
    RosettaException e = Errors.fromStatus(Status.UNAUTHENTICATED.withDescription("expired: token expired").asRuntimeException());
    assertInstanceOf(UnauthenticatedException.class, e);
    assertEquals("expired", e.reason());
    RosettaException member = Errors.fromStatus(Status.ALREADY_EXISTS.withDescription("member-in-use: member m is connected").asRuntimeException());
    assertInstanceOf(AlreadyExistsException.class, member);
    assertEquals("member-in-use", member.reason());
    assertEquals("", Errors.fromStatus(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException()).reason());
  }
}
