package dev.rosetta.jvm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.jvm.Pid;
import org.junit.jupiter.api.Test;

class AddressingTest {
  final Addressing a = new Addressing("127.0.0.1:8090", "m1");

  @Test
  void gatewayActorsAreAddressedByIdAndOthersThroughRelay() {
    assertEquals("echo", a.targetId(Pid.of("127.0.0.1:8090", "echo")));
    assertEquals("counter/1", a.targetId(Pid.atGateway("counter/1")));
    assertEquals("$relay/127.0.0.1:8091/orders", a.targetId(Pid.of("127.0.0.1:8091", "orders")));
  }

  @Test
  void theClientsOwnActorsLiveUnderItsMemberId() {
    assertEquals(Pid.atGateway("$client/m1/a$1"), a.local("a$1"));
    assertEquals("a$1", a.localIdOf("$client/m1/a$1"));
    assertNull(a.localIdOf("$client/m2/a$1"));
    assertNull(a.localIdOf("$client/m1/"));
    assertTrue(a.isClientItself("$client/m1"));
    assertFalse(a.isClientItself("$client/m"));
  }

  @Test
  void onlyActorsAtOtherAddressesAreProtoActorNodes() {
    assertTrue(a.isForeignNode(Pid.of("127.0.0.1:8091", "future$1")));
    assertFalse(a.isForeignNode(Pid.of("127.0.0.1:8090", "future$1")));
    assertFalse(a.isForeignNode(Pid.atGateway("x")));
  }
}
