package dev.rosetta.jvm.documents;

import com.google.protobuf.ByteString;
import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.errors.InvalidArgumentException;
import dev.rosetta.jvm.wire.PidCodec;
import dev.rosetta.protocol.v1.CrdtGet;
import dev.rosetta.protocol.v1.CrdtSubscribe;
import dev.rosetta.protocol.v1.CrdtUnsubscribe;
import dev.rosetta.protocol.v1.CrdtUpdate;
import java.util.Collection;
import java.util.Map;

/**
 * The {@code $crdt} requests (protocol/proto/crdt.proto) a {@link Documents} call sends, built and
 * checked here: what the gateway would refuse for its shape (a set without a structure name, an
 * update with nothing in it, a missing document) fails before it is sent.
 *
 * <pre>{@code
 * CrdtGet g = DocumentRequests.get("cart/42", "items", Structure.KV, List.of("sku-1"), Consistency.LOCAL);
 * }</pre>
 */
public final class DocumentRequests {
  private DocumentRequests() {}

  public static CrdtGet get(String document, String name, Structure structure, Collection<String> keys, Consistency consistency) {
    CrdtGet.Builder b = CrdtGet.newBuilder().setDocument(document(document)).setName(name == null ? "" : name)
        .setStructure(structure.toProto()).setConsistency(consistency.toProto());
    for (String k : keys) {
      if (k == null) throw new InvalidArgumentException("a key cannot be null");
      b.addKeys(k);
    }
    return b.build();
  }

  /** The whole document as one v1 update ({@code include_state}, no structure). */
  public static CrdtGet state(String document, Consistency consistency) {
    return CrdtGet.newBuilder().setDocument(document(document)).setIncludeState(true).setConsistency(consistency.toProto()).build();
  }

  public static CrdtUpdate update(Update u, Consistency consistency, long requestId) {
    boolean entries = !u.sets().isEmpty() || !u.deletes().isEmpty();
    byte[] raw = u.rawBytes();
    if (entries && u.name().isEmpty()) throw new InvalidArgumentException("set/delete need the name of a MAP or KV structure");
    if (!entries && raw.length == 0) throw new InvalidArgumentException("an update needs entries to set or delete, or raw update bytes");
    CrdtUpdate.Builder b = CrdtUpdate.newBuilder().setDocument(document(u.document())).setName(u.name()).setStructure(u.structure().toProto())
        .setConsistency(consistency.toProto()).setRequestId(requestId);
    for (Map.Entry<String, Object> e : u.sets().entrySet()) b.addSet(DocumentValues.toEntry(e.getKey(), e.getValue()));
    b.addAllDelete(u.deletes());
    if (raw.length > 0) b.setUpdate(ByteString.copyFrom(raw));
    return b.build();
  }

  /** {@code subscriber}: the PID the changes go to, one of this client's own ({@code $client/<member>/…}). */
  public static CrdtSubscribe subscribe(Subscribe s, Pid subscriber) {
    return CrdtSubscribe.newBuilder().setDocument(document(s.document())).setName(s.name()).setStructure(s.structure().toProto())
        .setSubscriber(PidCodec.toProto(subscriber)).setIncludeUpdate(s.includeUpdate()).build();
  }

  public static CrdtUnsubscribe unsubscribe(String document, Pid subscriber) {
    return CrdtUnsubscribe.newBuilder().setDocument(document(document)).setSubscriber(PidCodec.toProto(subscriber)).build();
  }

  private static String document(String document) {
    if (document == null || document.isEmpty()) throw new InvalidArgumentException("a document needs a name", DocumentReasons.INVALID_DOCUMENT_NAME, Map.of(), null);
    return document;
  }
}
