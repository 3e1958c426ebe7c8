package dev.rosetta.conformance;

import dev.rosetta.conformance.v1.Ok;
import dev.rosetta.conformance.v1.Received;
import dev.rosetta.conformance.v1.Termination;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What one hosted actor or watch observed; waiters are woken on every change. */
final class Recording {
  private final List<Received> received = new ArrayList<>();
  private final List<Termination> terminated = new ArrayList<>();

  synchronized void receive(Received r) {
    received.add(r);
    notifyAll();
  }

  synchronized void terminate(Termination t) {
    terminated.add(t);
    notifyAll();
  }

  synchronized Ok snapshot() {
    return Ok.newBuilder().addAllReceived(received).addAllTerminated(terminated).build();
  }

  /** Waits until {@code done} holds for (received count, terminated count), or {@code waitMs} passes. */
  synchronized boolean until(Predicate<int[]> done, long waitMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + waitMs;
    while (!done.test(new int[] {received.size(), terminated.size()})) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) return false;
      wait(left);
    }
    return true;
  }
}
