package dev.rosetta.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.client.TerminatedReason;
import dev.rosetta.jvm.errors.DeadLetterException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Status;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What reaches a proxy after its actor was found missing ({@code Terminated{NotFound}}) is answered
 * with the typed error at once, not left to an ask timeout: a request queued behind the NotFound (the
 * race of {@code TenantIsolationTest}, made deterministic by holding the proxy), and a request or a
 * tell with a reply address sent after the proxy stopped. No sleeps: each step waits for a signal.
 */
class StoppedProxyTest {
  /** Far beyond {@link Connected#WAIT}: an answer within WAIT did not come from the ask timeout. */
  private static final Duration LONG_ASK = Duration.ofSeconds(60);

  @RegisterExtension static final GatewayFixture gw = GatewayFixture.withDevKit("stopped-proxy");

  /** A message whose JSON encoding waits for {@link #release}: the proxy that sends it is held meanwhile. */
  static final class Holder {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    public String getValue() {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "held";
    }
  }

  private static Pid nobody() {
    return gw.rosetta().gatewayPid(Connected.named("nobody-" + System.nanoTime()));
  }

  /** The proxy of an actor nobody has, once it stopped on NotFound. */
  private static ActorRef<Object> stoppedProxyOf(Pid pid) {
    ActorRef<Object> proxy = gw.rosetta().refFor(pid);
    gw.kit().createTestProbe().expectTerminated(proxy, Connected.WAIT);
    return proxy;
  }

  @Test
  void anAskQueuedBehindTheNotFoundOfItsProxyFailsAtOnceWithADeadLetter() throws Exception {
    Pid nobody = nobody();
    ActorRef<Object> proxy = gw.rosetta().refFor(nobody);
    Holder holder = new Holder();
    proxy.tell(holder);
    assertTrue(holder.entered.await(Connected.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the proxy took the holder");

    // The proxy watches `nobody` since it started; a second local watcher hears the same Terminated.
    CompletableFuture<TerminatedReason> heard = new CompletableFuture<>();
    gw.rosetta().client().watch(nobody, (who, why) -> heard.complete(why));
    assertEquals(TerminatedReason.NOT_FOUND, heard.get(Connected.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    // A reply dispatched after that Terminated: every watcher of it has been told, the proxy's RemoteGone is queued.
    assertEquals("sync", Connected.await(gw.rosetta().ask(gw.rosetta().gatewayPid("echo"), "sync", Connected.WAIT)));

    CompletionStage<Object> reply = AskPattern.ask(proxy, replyTo -> new Request("late", replyTo), LONG_ASK, gw.kit().system().scheduler());
    holder.release.countDown();
    ExecutionException e = assertThrows(ExecutionException.class, () -> Connected.await(reply));
    DeadLetterException dead = assertInstanceOf(DeadLetterException.class, e.getCause());
    assertEquals(nobody.id(), dead.target().id());
    gw.kit().createTestProbe().expectTerminated(proxy, Connected.WAIT);
  }

  @Test
  void aRequestToAProxyThatStoppedOnNotFoundIsAnsweredWithADeadLetter() {
    Pid nobody = nobody();
    ActorRef<Object> proxy = stoppedProxyOf(nobody);
    TestProbe<Object> replyTo = gw.kit().createTestProbe();
    proxy.tell(new Request("late", replyTo.getRef(), LONG_ASK));
    Status.Failure failure = replyTo.expectMessageClass(Status.Failure.class, Connected.WAIT);
    DeadLetterException dead = assertInstanceOf(DeadLetterException.class, failure.cause());
    assertEquals(nobody.id(), dead.target().id());
  }

  @Test
  void aTellToAProxyThatStoppedOnNotFoundAnswersItsReplyToWithADeadLetter() {
    ActorRef<Object> proxy = stoppedProxyOf(nobody());
    TestProbe<Envelope> replyTo = gw.kit().createTestProbe();
    proxy.tell(new Tell("late", replyTo.getRef()));
    Envelope answer = replyTo.expectMessageClass(Envelope.class, Connected.WAIT);
    assertInstanceOf(DeadLetterException.class, answer.message());
  }

  @Test
  void aRequestToAProxyWhoseAddressTheGatewayCannotReachIsAnsweredWithADeadLetterWhileConnected() throws Exception {
    // No node holds this address for the tenant: the gateway answers the proxy's watch AddressTerminated.
    Pid unreachable = Pid.of("127.0.0.1:1", Connected.named("far"));
    CompletableFuture<TerminatedReason> heard = new CompletableFuture<>();
    gw.rosetta().client().watch(unreachable, (who, why) -> heard.complete(why));
    assertEquals(TerminatedReason.ADDRESS_TERMINATED, heard.get(Connected.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    ActorRef<Object> proxy = stoppedProxyOf(unreachable);
    TestProbe<Object> replyTo = gw.kit().createTestProbe();
    proxy.tell(new Request("late", replyTo.getRef(), LONG_ASK));
    Status.Failure failure = replyTo.expectMessageClass(Status.Failure.class, Connected.WAIT);
    // The connection is up: not "connection lost", but what the gateway answers a request to that PID.
    DeadLetterException dead = assertInstanceOf(DeadLetterException.class, failure.cause());
    assertEquals(unreachable.id(), dead.target().id());
  }

  @Test
  void refForAPidWhoseProxyStoppedGivesANewProxy() {
    Pid nobody = nobody();
    ActorRef<Object> stopped = stoppedProxyOf(nobody);
    ActorRef<Object> fresh = gw.rosetta().refFor(nobody);
    assertNotEquals(stopped, fresh);
    TestProbe<Object> replyTo = gw.kit().createTestProbe();
    fresh.tell(new Request("again", replyTo.getRef(), LONG_ASK));
    assertInstanceOf(DeadLetterException.class, replyTo.expectMessageClass(Status.Failure.class, Connected.WAIT).cause());
  }
}
