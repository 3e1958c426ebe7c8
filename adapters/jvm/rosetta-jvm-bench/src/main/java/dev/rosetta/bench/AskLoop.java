package dev.rosetta.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** {@code window} asks in flight until {@code count} have completed; each completion issues the next ask. */
final class AskLoop {
  private AskLoop() {}

  static Latencies.Summary run(Supplier<CompletionStage<?>> ask, int count, int window) {
    Latencies lat = new Latencies(count);
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger finished = new AtomicInteger();
    long t0 = System.nanoTime();
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      if (issued.incrementAndGet() > count) return;
      long s = System.nanoTime();
      ask.get().whenComplete((r, e) -> {
        if (e == null) lat.add(System.nanoTime() - s);
        else failures.incrementAndGet();
        if (finished.incrementAndGet() == count) done.complete(null);
        else next[0].run();
      });
    };
    for (int i = 0; i < window; i++) next[0].run();
    done.join();
    if (failures.get() > 0) System.err.println("ask failures: " + failures.get());
    return lat.summarize(System.nanoTime() - t0);
  }
}
