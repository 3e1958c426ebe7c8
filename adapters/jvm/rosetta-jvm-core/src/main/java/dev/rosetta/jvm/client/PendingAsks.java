package dev.rosetta.jvm.client;

import dev.rosetta.jvm.errors.DeadlineExceededException;
import dev.rosetta.jvm.errors.RosettaException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks in flight, each behind its own temporary PID {@code $client/<member>/ask$<n>} (the model is
 * Akka's PromiseActorRef): the first reply completes it, its timeout fails it with
 * DEADLINE_EXCEEDED, and either way the PID is gone — a late reply finds nobody.
 */
final class PendingAsks {
  static final String PREFIX = "ask$";

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong seq = new AtomicLong();
  private final ScheduledExecutorService timer;

  private record Pending(CompletableFuture<Object> future, ScheduledFuture<?> timeout) {}

  PendingAsks(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  static boolean isAskId(String localId) {
    return localId.startsWith(PREFIX);
  }

  /** Opens an ask; returns its local id. */
  String open(CompletableFuture<Object> future, Duration timeout, String what) {
    String id = PREFIX + Long.toString(seq.incrementAndGet(), 36);
    long ms = Math.max(1, timeout.toMillis());
    ScheduledFuture<?> t = timer.schedule(() -> {
      if (pending.remove(id) != null) future.completeExceptionally(new DeadlineExceededException("no reply from " + what + " within " + ms + " ms"));
    }, ms, TimeUnit.MILLISECONDS);
    pending.put(id, new Pending(future, t));
    return id;
  }

  /** Completes the ask behind {@code localId} with {@code reply} (an exception reply fails it); false when there is none. */
  boolean complete(String localId, Object reply) {
    Pending p = pending.remove(localId);
    if (p == null) return false;
    p.timeout().cancel(false);
    if (reply instanceof RosettaException e) p.future().completeExceptionally(e);
    else p.future().complete(reply);
    return true;
  }

  void failAll(RosettaException cause) {
    for (String id : new ArrayList<>(pending.keySet())) complete(id, cause);
  }

  int size() {
    return pending.size();
  }
}
