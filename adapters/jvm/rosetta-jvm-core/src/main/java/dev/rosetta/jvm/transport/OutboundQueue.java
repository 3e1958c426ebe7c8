package dev.rosetta.jvm.transport;

import dev.rosetta.jvm.wire.WireEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Envelopes waiting for the stream: many producers (actors, callers), one writer. Bounded: an offer
 * past {@code capacity} is refused, so a gateway that pushes back (or a lost connection) shows up as
 * RESOURCE_EXHAUSTED at the sender instead of memory growing without bound.
 */
final class OutboundQueue {
  private final ConcurrentLinkedQueue<WireEnvelope> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int capacity;

  OutboundQueue(int capacity) {
    this.capacity = capacity;
  }

  boolean offer(WireEnvelope e) {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return false;
    }
    queue.add(e);
    return true;
  }

  /** Up to {@code maxEnvelopes} envelopes and about {@code maxBytes} (at least one envelope when any is queued). */
  List<WireEnvelope> pollBatch(int maxEnvelopes, int maxBytes) {
    List<WireEnvelope> out = new ArrayList<>(Math.min(maxEnvelopes, Math.max(1, size.get())));
    int bytes = 0;
    while (out.size() < maxEnvelopes) {
      WireEnvelope e = queue.peek();
      if (e == null) break;
      int s = e.approximateSize();
      if (!out.isEmpty() && bytes + s > maxBytes) break;
      queue.poll();
      size.decrementAndGet();
      out.add(e);
      bytes += s;
    }
    return out;
  }

  List<WireEnvelope> drainAll() {
    List<WireEnvelope> out = new ArrayList<>();
    for (WireEnvelope e; (e = queue.poll()) != null; ) {
      size.decrementAndGet();
      out.add(e);
    }
    return out;
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  int size() {
    return size.get();
  }
}
