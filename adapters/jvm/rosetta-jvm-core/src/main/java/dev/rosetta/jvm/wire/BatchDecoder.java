package dev.rosetta.jvm.wire;

import dev.rosetta.jvm.Pid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import remote.Remote.MessageBatch;
import remote.Remote.MessageEnvelope;

/**
 * One v2025 {@code MessageBatch} → envelopes. Every index is checked against its table; an envelope
 * that does not resolve is reported to {@code invalid} and skipped, the rest of the batch is kept.
 */
public final class BatchDecoder {
  private BatchDecoder() {}

  public static List<WireEnvelope> decode(MessageBatch batch, Consumer<String> invalid) {
    List<Pid> senders = new ArrayList<>(batch.getSendersCount());
    for (actor.Actor.PID p : batch.getSendersList()) senders.add(p.getId().isEmpty() ? null : new Pid(p.getAddress(), p.getId(), 0));
    List<WireEnvelope> out = new ArrayList<>(batch.getEnvelopesCount());
    for (MessageEnvelope e : batch.getEnvelopesList()) {
      if (e.getTypeId() < 0 || e.getTypeId() >= batch.getTypeNamesCount()) { invalid.accept("type index " + e.getTypeId() + " out of range"); continue; }
      if (e.getTarget() < 0 || e.getTarget() >= batch.getTargetsCount()) { invalid.accept("target index " + e.getTarget() + " out of range"); continue; }
      if (e.getSender() < 0 || e.getSender() > senders.size()) { invalid.accept("sender index " + e.getSender() + " out of range"); continue; }
      String target = batch.getTargets(e.getTarget());
      if (target.isEmpty()) { invalid.accept("empty target id"); continue; }
      Pid sender = null;
      if (e.getSender() > 0) {
        Pid s = senders.get(e.getSender() - 1);
        if (s == null) { invalid.accept("sender without an id"); continue; }
        sender = s.withRequestId(e.getSenderRequestId());
      }
      Map<String, String> headers = e.hasMessageHeader() ? e.getMessageHeader().getHeaderDataMap() : Map.of();
      out.add(new WireEnvelope(target, e.getTargetRequestId(), sender, batch.getTypeNames(e.getTypeId()), e.getSerializerId(), e.getMessageData(), headers));
    }
    return out;
  }
}
