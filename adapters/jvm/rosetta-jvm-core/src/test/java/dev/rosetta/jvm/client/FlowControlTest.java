package dev.rosetta.jvm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.RosettaConfig;
import dev.rosetta.jvm.errors.NotFoundException;
import dev.rosetta.jvm.errors.ResourceExhaustedException;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.testkit.GatewayProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Flow control against a real gateway: a JVM consumer that stops reading pushes back instead of
 * buffering. Another JVM client floods it with 16 KiB messages (64 MiB in all) while its only
 * endpoint blocks on the inbound thread. The stream requests the next batch only after the current
 * one was dispatched, so the JVM holds one batch; the rest waits in the HTTP/2 window and at the
 * gateway, whose bounds turn it into a typed RESOURCE_EXHAUSTED (README: "Flow control").
 */
class FlowControlTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final int PAYLOAD = 16 * 1024;
  static final int FLOOD = 4096;
  /** The most the slow client can have been sent before the gateway cut it off: its 8 MiB bound, one frame over it, the JVM's HTTP/2 window (≤ 8 MiB). */
  static final int MOST_DELIVERED = (8 + 4 + 8) * 1024 * 1024 / PAYLOAD;

  final List<AutoCloseable> open = new ArrayList<>();

  /** A blocked consumer: counts what reaches its endpoint and holds the inbound thread until released. */
  static final class Blocked implements LocalEndpoint {
    final AtomicInteger delivered = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void deliver(Object message, Pid sender, java.util.Map<String, String> headers) {
      delivered.incrementAndGet();
      try {
        release.await(WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** What a client's listener heard, in order. */
  static final class Heard implements ClientListener {
    final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Override
    public void error(RosettaException error) {
      events.add(error);
    }

    @Override
    public void disconnected(RosettaException cause, boolean willRetry) {
      events.add(new Disconnected(cause, willRetry));
    }

    @Override
    public void connected(boolean resumed) {
      events.add(resumed ? "resumed" : "connected");
    }

    <T> T next(Class<T> type) throws InterruptedException {
      for (long deadline = System.nanoTime() + WAIT.toNanos(); System.nanoTime() < deadline; ) {
        Object e = events.poll(100, TimeUnit.MILLISECONDS);
        if (type.isInstance(e)) return type.cast(e);
      }
      throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT);
    }
  }

  record Disconnected(RosettaException cause, boolean willRetry) {}

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  RosettaClient client(GatewayProcess gw, String member, ClientListener listener) throws Exception {
    RosettaClient c = RosettaClient.create(RosettaConfig.builder(gw.grpcAddress()).token(gw.devToken())
        .memberId(member + "-" + UUID.randomUUID().toString().substring(0, 6)).build());
    open.add(c);
    c.addListener(listener);
    c.connect().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return c;
  }

  /** A slow client whose only endpoint blocks, and a flooder that has written FLOOD messages to it. */
  record Scene(RosettaClient slow, Heard slowHeard, Blocked sink, RosettaClient flooder, Heard flooderHeard) {}

  /**
   * Starts a gateway with {@code gatewayArgs} and a scene on it. Each flood message has a sender of
   * the flooder's own ("replies"), so the gateway has someone to answer: what reaches that sender,
   * and any refusal sent to the flooder itself, lands in {@code flooderHeard}. Returns once the
   * gateway has read the whole flood: one client's slow consumer does not slow the sender's stream down.
   */
  Scene flooded(String... gatewayArgs) throws Exception {
    GatewayProcess gw = GatewayProcess.start(gatewayArgs);
    open.add(gw);
    Heard slowHeard = new Heard();
    Heard flooderHeard = new Heard();
    Blocked sink = new Blocked();
    RosettaClient slow = client(gw, "slow", slowHeard);
    Pid target = slow.register("sink", sink);
    RosettaClient flooder = client(gw, "flooder", flooderHeard);
    Pid replies = flooder.register("replies", (m, sender, headers) -> flooderHeard.events.add(m));
    for (int i = 0; i < FLOOD; i++) flooder.tell(target, new byte[PAYLOAD], replies, null);
    await("the flooder's queue to drain", () -> flooder.queued() == 0);
    return new Scene(slow, slowHeard, sink, flooder, flooderHeard);
  }

  static void await(String what, BooleanSupplier done) throws InterruptedException {
    for (long deadline = System.nanoTime() + WAIT.toNanos(); !done.getAsBoolean(); Thread.sleep(20)) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
    }
  }

  /**
   * While the consumer is blocked the JVM holds the one batch being dispatched (one gRPC message, at
   * most 8 MiB) and nothing more, however much the gateway was sent and however long it waits.
   */
  static void assertHoldsOneBatch(RosettaClient slow, Blocked sink) throws InterruptedException {
    int batch = slow.inboundBacklog();
    assertTrue(batch > 0 && batch <= 8 * 1024 * 1024 / PAYLOAD, "backlog " + batch);
    for (int i = 0; i < 25; i++) {
      assertEquals(1, sink.delivered.get(), "a blocked endpoint is handed nothing more");
      assertEquals(batch, slow.inboundBacklog(), "nothing is queued behind the batch being dispatched");
      Thread.sleep(20);
    }
  }

  @Test
  void aBlockedConsumerHoldsOneBatchAndTheGatewayDisconnectsItAsASlowConsumer() throws Exception {
    Scene s = flooded();
    RosettaClient slow = s.slow();
    Blocked sink = s.sink();
    Heard slowHeard = s.slowHeard();
    // Past 8 MiB unwritten the gateway ended the slow client's session: what was queued for it, and
    // everything after, is a dead letter for its sender.
    s.flooderHeard().next(NotFoundException.class);
    assertHoldsOneBatch(slow, sink);

    sink.release.countDown();
    // Behind what was already on the way, the client reads the gateway's refusal, then the stream's status.
    ResourceExhaustedException refusal = slowHeard.next(ResourceExhaustedException.class);
    assertEquals("slow-consumer", refusal.reason(), refusal.toString());
    Disconnected end = slowHeard.next(Disconnected.class);
    assertInstanceOf(ResourceExhaustedException.class, end.cause(), end.toString());
    assertTrue(end.willRetry(), "a slow consumer reconnects");
    int delivered = sink.delivered.get();
    System.out.printf("slow consumer: %d of %d messages delivered before the gateway's RESOURCE_EXHAUSTED%n", delivered, FLOOD);
    assertTrue(delivered < MOST_DELIVERED, delivered + " of " + FLOOD + " delivered: more than the gateway's and HTTP/2's bounds allow");

    slowHeard.next(String.class); // "resumed"
    assertEquals("back", slow.ask(Pid.atGateway("echo"), "back", WAIT).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void withATenantByteQuotaTheSenderIsRefusedAndTheSlowConsumerStays() throws Exception {
    Scene s = flooded("--max-bytes-in-flight", Integer.toString(2 * 1024 * 1024));
    RosettaClient slow = s.slow();
    Blocked sink = s.sink();
    // Past the tenant's 2 MiB in flight the gateway refuses frames: each refused envelope's sender is
    // told, or (when that answer is itself over the budget) the sending client is, with the count dropped.
    ResourceExhaustedException refused = s.flooderHeard().next(ResourceExhaustedException.class);
    assertEquals("bytes-in-flight", refused.reason(), refused.toString());
    assertHoldsOneBatch(slow, sink);

    sink.release.countDown();
    // The reply travels behind whatever the gateway still held for the slow client: once it is here, all of that was delivered.
    assertEquals("still", slow.ask(Pid.atGateway("echo"), "still", WAIT).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    System.out.printf("tenant byte quota: %d of %d messages delivered, the rest refused%n", sink.delivered.get(), FLOOD);
    assertTrue(sink.delivered.get() < FLOOD, "refused frames are never delivered");
    assertTrue(slow.isConnected(), "over a quota the gateway refuses frames but keeps the connection");
  }
}
