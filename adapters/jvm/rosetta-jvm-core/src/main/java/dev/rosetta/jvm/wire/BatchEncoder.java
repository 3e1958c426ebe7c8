package dev.rosetta.jvm.wire;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import remote.Remote.MessageBatch;
import remote.Remote.MessageEnvelope;
import remote.Remote.MessageHeader;
import remote.Remote.RemoteMessage;

/**
 * Envelopes → one v2025 {@code MessageBatch}: type names, targets and senders go into deduplicated
 * tables (type and target 0-based, sender 1-based with 0 = none), request ids into the envelope's
 * {@code target_request_id}/{@code sender_request_id} and never into the table PIDs.
 */
public final class BatchEncoder {
  private BatchEncoder() {}

  public static RemoteMessage encode(List<WireEnvelope> envelopes) {
    MessageBatch.Builder batch = MessageBatch.newBuilder();
    Map<String, Integer> types = new HashMap<>();
    Map<String, Integer> targets = new HashMap<>();
    Map<SenderKey, Integer> senders = new HashMap<>();
    for (WireEnvelope e : envelopes) {
      MessageEnvelope.Builder b = MessageEnvelope.newBuilder()
          .setTypeId(types.computeIfAbsent(e.typeName(), n -> { batch.addTypeNames(n); return batch.getTypeNamesCount() - 1; }))
          .setTarget(targets.computeIfAbsent(e.targetId(), t -> { batch.addTargets(t); return batch.getTargetsCount() - 1; }))
          .setMessageData(e.payload())
          .setSerializerId(e.serializerId());
      if (e.targetRequestId() != 0) b.setTargetRequestId(e.targetRequestId());
      if (e.sender() != null) {
        SenderKey k = new SenderKey(e.sender().address(), e.sender().id());
        b.setSender(senders.computeIfAbsent(k, s -> {
          batch.addSenders(actor.Actor.PID.newBuilder().setAddress(s.address()).setId(s.id()));
          return batch.getSendersCount();
        }));
        if (e.sender().requestId() != 0) b.setSenderRequestId(e.sender().requestId());
      }
      if (!e.headers().isEmpty()) b.setMessageHeader(MessageHeader.newBuilder().putAllHeaderData(e.headers()));
      batch.addEnvelopes(b);
    }
    return RemoteMessage.newBuilder().setMessageBatch(batch).build();
  }

  private record SenderKey(String address, String id) {}
}
