package dev.rosetta.jvm.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.errors.InvalidArgumentException;
import dev.rosetta.protocol.v1.CrdtConsistency;
import dev.rosetta.protocol.v1.CrdtGet;
import dev.rosetta.protocol.v1.CrdtStructure;
import dev.rosetta.protocol.v1.CrdtSubscribe;
import dev.rosetta.protocol.v1.CrdtUnsubscribe;
import dev.rosetta.protocol.v1.CrdtUpdate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The $crdt requests as they go on the wire, and what is refused before sending. */
class DocumentRequestsTest {
  final Pid me = Pid.atGateway("$client/m1/crdt$1");

  @Test
  void aGetNamesTheStructureTheKeysAndTheConsistency() {
    CrdtGet g = DocumentRequests.get("cart/42", "items", Structure.KV, List.of("a", "b"), Consistency.MAJORITY);
    assertEquals("cart/42", g.getDocument());
    assertEquals("items", g.getName());
    assertEquals(CrdtStructure.CRDT_KV, g.getStructure());
    assertEquals(List.of("a", "b"), g.getKeysList());
    assertEquals(CrdtConsistency.CRDT_MAJORITY, g.getConsistency());
    assertEquals(false, g.getIncludeState());
    CrdtGet s = DocumentRequests.state("cart/42", Consistency.LOCAL);
    assertTrue(s.getIncludeState());
    assertEquals("", s.getName());
  }

  @Test
  void anUpdateCarriesItsSetsDeletesRawBytesAndRequestId() {
    Update u = Update.of("d", "m", Structure.MAP).set("a", 1).set("b", new byte[] {9}).delete("c").rawUpdate(new byte[] {0, 0});
    CrdtUpdate w = DocumentRequests.update(u, Consistency.LOCAL, 17);
    assertEquals(17, w.getRequestId());
    assertEquals(CrdtStructure.CRDT_MAP, w.getStructure());
    assertEquals(List.of("a", "b"), w.getSetList().stream().map(e -> e.getKey()).toList());
    assertEquals(1.0, w.getSet(0).getValue().getNumberValue());
    assertTrue(w.getSet(1).getIsBinary());
    assertEquals(List.of("c"), w.getDeleteList());
    assertArrayEquals(new byte[] {0, 0}, w.getUpdate().toByteArray());
  }

  @Test
  void setAndDeleteOfOneKeyInAnUpdateKeepTheLastOne() {
    CrdtUpdate w = DocumentRequests.update(Update.of("d", "m", Structure.KV).set("a", 1).delete("a").set("b", 2).delete("b", "b").set("b", 3), Consistency.LOCAL, 1);
    assertEquals(List.of("b"), w.getSetList().stream().map(e -> e.getKey()).toList());
    assertEquals(3.0, w.getSet(0).getValue().getNumberValue());
    assertEquals(List.of("a"), w.getDeleteList());
  }

  @Test
  void aRawUpdateNeedsNoStructure() {
    CrdtUpdate w = DocumentRequests.update(Update.raw("d", new byte[] {1, 2}), Consistency.LOCAL, 2);
    assertEquals("", w.getName());
    assertEquals(0, w.getSetCount());
    assertArrayEquals(new byte[] {1, 2}, w.getUpdate().toByteArray());
  }

  @Test
  void whatTheGatewayWouldRefuseForItsShapeIsRefusedHere() {
    assertThrows(InvalidArgumentException.class, () -> DocumentRequests.update(Update.of("d", "", Structure.MAP).set("a", 1), Consistency.LOCAL, 1));
    assertThrows(InvalidArgumentException.class, () -> DocumentRequests.update(Update.of("d", "m", Structure.MAP), Consistency.LOCAL, 1));
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> DocumentRequests.get("", "m", Structure.MAP, List.of(), Consistency.LOCAL));
    assertEquals(DocumentReasons.INVALID_DOCUMENT_NAME, e.reason());
    assertThrows(InvalidArgumentException.class, () -> DocumentRequests.get("d", "m", Structure.MAP, java.util.Arrays.asList("a", null), Consistency.LOCAL));
    assertThrows(InvalidArgumentException.class, () -> DocumentRequests.update(Update.of("d", "m", Structure.MAP).set("x", Map.of(1, 2)), Consistency.LOCAL, 1));
  }

  @Test
  void aSubscribeNamesThisClientsSubscriberPid() {
    CrdtSubscribe s = DocumentRequests.subscribe(Subscribe.of("d", "m", Structure.KV).withUpdates(), me);
    assertEquals("$client/m1/crdt$1", s.getSubscriber().getId());
    assertEquals("", s.getSubscriber().getAddress());
    assertEquals(CrdtStructure.CRDT_KV, s.getStructure());
    assertTrue(s.getIncludeUpdate());
    CrdtSubscribe whole = DocumentRequests.subscribe(Subscribe.whole("d"), me);
    assertEquals("", whole.getName());
    CrdtUnsubscribe u = DocumentRequests.unsubscribe("d", me);
    assertEquals("d", u.getDocument());
    assertEquals("$client/m1/crdt$1", u.getSubscriber().getId());
  }
}
