package dev.rosetta.jvm.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void delaysGrowExponentiallyWithJitterUpToTheCapAndResetAfterSuccess() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
    long[] d = new long[6];
    for (int i = 0; i < d.length; i++) d[i] = b.nextDelayMillis();
    assertTrue(d[0] >= 80 && d[0] <= 120, "first " + d[0]);
    assertTrue(d[1] >= 160 && d[1] <= 240, "second " + d[1]);
    assertTrue(d[2] >= 320 && d[2] <= 480, "third " + d[2]);
    assertTrue(d[5] >= 800 && d[5] <= 1200, "capped " + d[5]);
    b.reset();
    long again = b.nextDelayMillis();
    assertTrue(again >= 80 && again <= 120, "after reset " + again);
  }
}
