package dev.rosetta.jvm.documents;

import dev.rosetta.jvm.errors.RosettaException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** A listener that keeps every change it got; tests wait for the next one matching a predicate (with a deadline). */
final class ChangeInbox implements ChangeListener {
  private final List<Changed> changes = new ArrayList<>();
  private int taken;
  final CompletableFuture<RosettaException> failure = new CompletableFuture<>();

  @Override
  public synchronized void changed(Changed change) {
    changes.add(change);
    notifyAll();
  }

  @Override
  public void failed(RosettaException error) {
    failure.complete(error);
  }

  /** The next change after those already taken that matches {@code pred} (earlier non-matching ones are skipped). */
  synchronized Changed next(Predicate<Changed> pred, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (;;) {
      while (taken < changes.size()) {
        Changed c = changes.get(taken++);
        if (pred.test(c)) return c;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new AssertionError("timed out waiting for " + what + "; got " + changes);
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized List<Changed> all() {
    return List.copyOf(changes);
  }

  /** The structure as a listener sees it by applying every change in order. */
  synchronized Map<String, Object> view() {
    Map<String, Object> v = new LinkedHashMap<>();
    for (Changed c : changes) {
      v.putAll(c.entries());
      c.removed().forEach(v::remove);
    }
    return v;
  }

  synchronized void awaitView(Map<String, Object> expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!view().equals(expected)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new AssertionError("the listener's view is " + view() + ", expected " + expected + "; changes " + changes);
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
