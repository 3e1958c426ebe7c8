package dev.rosetta.jvm.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.rosetta.jvm.errors.FailedPreconditionException;
import dev.rosetta.jvm.errors.InternalException;
import dev.rosetta.jvm.errors.InvalidArgumentException;
import dev.rosetta.jvm.errors.PermissionDeniedException;
import dev.rosetta.jvm.errors.ResourceExhaustedException;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.jvm.errors.StatusCode;
import dev.rosetta.jvm.errors.UnavailableException;
import dev.rosetta.protocol.v1.CrdtChanged;
import dev.rosetta.protocol.v1.CrdtGetResponse;
import dev.rosetta.protocol.v1.CrdtSubscribeResponse;
import dev.rosetta.protocol.v1.CrdtUnsubscribeResponse;
import dev.rosetta.protocol.v1.CrdtUpdateResponse;
import dev.rosetta.protocol.v1.Error;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** $crdt's replies read as results, and its refusals (crdt/PROTOCOL.md §3) as typed exceptions with their reasons. */
class DocumentRepliesTest {
  static Error err(int code, String reason) {
    return Error.newBuilder().setCode(code).setMessage(reason + " happened").setReason(reason).build();
  }

  @Test
  void eachRefusalOfTheProtocolIsItsTypedExceptionWithItsReason() {
    record Case(int code, String reason, Class<? extends RosettaException> type) {}
    for (Case c : List.of(
        new Case(7, DocumentReasons.READ_ONLY, PermissionDeniedException.class),
        new Case(7, DocumentReasons.READ_DENIED, PermissionDeniedException.class),
        new Case(8, DocumentReasons.UPDATE_TOO_LARGE, ResourceExhaustedException.class),
        new Case(8, DocumentReasons.DOCUMENT_TOO_LARGE, ResourceExhaustedException.class),
        new Case(9, DocumentReasons.CONSISTENCY_UNAVAILABLE, FailedPreconditionException.class),
        new Case(3, DocumentReasons.MALFORMED_UPDATE, InvalidArgumentException.class),
        new Case(3, DocumentReasons.INVALID_DOCUMENT_NAME, InvalidArgumentException.class),
        new Case(13, DocumentReasons.STORE_FAILURE, InternalException.class),
        new Case(14, DocumentReasons.DOCUMENT_CLOSED, UnavailableException.class))) {
      RosettaException e = assertThrows(RosettaException.class,
          () -> DocumentReplies.updated(CrdtUpdateResponse.newBuilder().setDocument("d").setError(err(c.code(), c.reason())).build()));
      assertInstanceOf(c.type(), e, c.reason());
      assertEquals(c.reason(), e.reason());
      assertEquals(StatusCode.of(c.code()), e.code());
      assertEquals(c.reason() + " happened", e.getMessage());
    }
  }

  @Test
  void aGetReadsFoundEntriesNotFoundAndFailure() {
    Entries e = DocumentReplies.entries(CrdtGetResponse.newBuilder().setDocument("d").setName("m").setFound(true)
        .addEntries(DocumentValues.toEntry("a", 1)).addEntries(DocumentValues.toEntry("b", new byte[] {5})).build());
    assertTrue(e.found());
    assertEquals(1L, e.get("a"));
    assertArrayEquals(new byte[] {5}, (byte[]) e.get("b"));
    Entries none = DocumentReplies.entries(CrdtGetResponse.newBuilder().setDocument("d").setName("m").build());
    assertFalse(none.found());
    assertTrue(none.values().isEmpty());
    PermissionDeniedException denied = assertThrows(PermissionDeniedException.class,
        () -> DocumentReplies.entries(CrdtGetResponse.newBuilder().setError(err(7, DocumentReasons.READ_DENIED)).build()));
    assertEquals(DocumentReasons.READ_DENIED, denied.reason());
    assertArrayEquals(new byte[] {0, 0}, DocumentReplies.state(CrdtGetResponse.newBuilder().setState(ByteString.copyFrom(new byte[] {0, 0})).build()));
  }

  @Test
  void successRepliesAreSuccessAndAReplyWithNeitherIsAnInternalError() {
    DocumentReplies.updated(CrdtUpdateResponse.newBuilder().setSuccess(true).build());
    DocumentReplies.subscribed(CrdtSubscribeResponse.newBuilder().setSuccess(true).build());
    assertThrows(InternalException.class, () -> DocumentReplies.updated(CrdtUpdateResponse.getDefaultInstance()));
    assertThrows(InternalException.class, () -> DocumentReplies.subscribed(CrdtSubscribeResponse.getDefaultInstance()));
    assertTrue(DocumentReplies.unsubscribed(CrdtUnsubscribeResponse.newBuilder().setRemoved(true).build()));
  }

  @Test
  void aReplyOfTheWrongTypeIsAnInternalErrorNotAClassCastException() {
    InternalException e = assertThrows(InternalException.class, () -> DocumentReplies.entries("a string"));
    assertTrue(e.getMessage().contains("CrdtGetResponse"), e.getMessage());
    assertThrows(InternalException.class, () -> DocumentReplies.updated(null));
  }

  @Test
  void aChangeReadsItsEntriesRemovedKeysUpdateAndSeq() {
    Changed c = DocumentReplies.changed(CrdtChanged.newBuilder().setDocument("d").setName("m").addEntries(DocumentValues.toEntry("a", Map.of("x", "y")))
        .addRemoved("gone").setUpdate(ByteString.copyFrom(new byte[] {1})).setSeq(4).build());
    assertEquals(Map.of("a", Map.of("x", "y")), c.entries());
    assertEquals(List.of("gone"), c.removed());
    assertArrayEquals(new byte[] {1}, c.update());
    assertEquals(4, c.seq());
    assertFalse(c.resync());
  }
}
