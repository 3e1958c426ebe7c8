package dev.rosetta.jvm.documents;

import dev.rosetta.jvm.errors.Errors;
import dev.rosetta.jvm.errors.InternalException;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.protocol.v1.CrdtChanged;
import dev.rosetta.protocol.v1.CrdtGetResponse;
import dev.rosetta.protocol.v1.CrdtSubscribeResponse;
import dev.rosetta.protocol.v1.CrdtUnsubscribeResponse;
import dev.rosetta.protocol.v1.CrdtUpdateResponse;
import java.util.List;

/**
 * Reads {@code $crdt}'s replies: a success as its Java result, a failure (the reply's
 * {@code rosetta.v1.Error}) as the typed exception of its code with the reason of crdt/PROTOCOL.md §3
 * — e.g. a write with a read-only token is {@code PermissionDeniedException} with reason
 * {@code read-only}. A reply of another type is an {@code InternalException}: the gateway and this
 * client disagree about the protocol.
 *
 * <pre>{@code
 * Entries e = DocumentReplies.entries(reply);   // throws PermissionDeniedException(read-denied), …
 * }</pre>
 */
public final class DocumentReplies {
  private DocumentReplies() {}

  public static Entries entries(Object reply) {
    CrdtGetResponse r = expect(reply, CrdtGetResponse.class);
    if (r.hasError()) throw error(r.getError());
    return new Entries(r.getDocument(), r.getName(), r.getFound(), DocumentValues.fromEntries(r.getEntriesList()));
  }

  public static byte[] state(Object reply) {
    CrdtGetResponse r = expect(reply, CrdtGetResponse.class);
    if (r.hasError()) throw error(r.getError());
    return r.getState().toByteArray();
  }

  public static void updated(Object reply) {
    CrdtUpdateResponse r = expect(reply, CrdtUpdateResponse.class);
    if (r.hasError()) throw error(r.getError());
    if (!r.getSuccess()) throw new InternalException("$crdt answered an update with neither success nor an error");
  }

  public static void subscribed(Object reply) {
    CrdtSubscribeResponse r = expect(reply, CrdtSubscribeResponse.class);
    if (r.hasError()) throw error(r.getError());
    if (!r.getSuccess()) throw new InternalException("$crdt answered a subscribe with neither success nor an error");
  }

  public static boolean unsubscribed(Object reply) {
    return expect(reply, CrdtUnsubscribeResponse.class).getRemoved();
  }

  /** A change as delivered to a subscriber. */
  public static Changed changed(CrdtChanged c) {
    return new Changed(c.getDocument(), c.getName(), DocumentValues.fromEntries(c.getEntriesList()), List.copyOf(c.getRemovedList()),
        c.getUpdate().toByteArray(), c.getSeq(), false);
  }

  /** The typed exception of a reply's {@code rosetta.v1.Error}. */
  public static RosettaException error(dev.rosetta.protocol.v1.Error e) {
    return Errors.fromWire(e.getCode(), e.getMessage(), e.getReason(), e.getDetailsMap());
  }

  private static <T> T expect(Object reply, Class<T> type) {
    if (type.isInstance(reply)) return type.cast(reply);
    throw new InternalException("$crdt answered a " + (reply == null ? "null" : reply.getClass().getSimpleName()) + " where a " + type.getSimpleName() + " was expected");
  }
}
