package dev.rosetta.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rosetta.jvm.errors.DeadLetterException;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The binding's actors (Pekko, or Akka in the generated copy) and the TS actors of a real `rosetta dev` gateway process: tell, ask, watch, exposed names. */
class TsInteropTest {
  @RegisterExtension static final GatewayFixture gw = GatewayFixture.withDevKit("ts");

  @Test
  void askThroughAProxyGetsTheTsEchoReply() throws Exception {
    ActorRef<Object> echo = gw.rosetta().refFor("echo");
    String hello = "hello from " + Connected.LIBRARY;
    assertEquals(hello, Connected.await(Connected.ask(gw.kit(), echo, hello)));
  }

  @Test
  void askOfAVirtualCounterActivatesItAndCounts() throws Exception {
    ActorRef<Object> counter = gw.rosetta().refFor("counter/" + Connected.named(Long.toString(System.nanoTime())));
    assertEquals("1", Connected.await(Connected.ask(gw.kit(), counter, "inc")));
    assertEquals("2", Connected.await(Connected.ask(gw.kit(), counter, "inc")));
    assertEquals("2", Connected.await(Connected.ask(gw.kit(), counter, "get")));
  }

  @Test
  void tellsArriveInOrderAndTheReplyOfATellComesBackToItsReplyTo() throws Exception {
    ActorRef<Object> sink = gw.rosetta().refFor("sink");
    for (int i = 0; i < 2000; i++) sink.tell(Integer.toString(i));
    TestProbe<Envelope> probe = gw.kit().createTestProbe();
    String report = "";
    for (long deadline = System.nanoTime() + Connected.WAIT.toNanos(); System.nanoTime() < deadline; ) {
      sink.tell(new Tell("report", probe.getRef()));
      report = (String) probe.expectMessageClass(Envelope.class, Connected.WAIT).message();
      if (report.startsWith("count=2000")) break;
    }
    assertEquals("count=2000 ordered=true", report);
  }

  @Test
  void anAskToAMissingTsActorFailsWithADeadLetter() {
    ExecutionException e = assertThrows(ExecutionException.class, () -> Connected.await(Connected.ask(gw.kit(), gw.rosetta().refFor("nobody-home"), "x")));
    assertInstanceOf(DeadLetterException.class, e.getCause());
  }

  @Test
  void aTsActorRequestsAnExposedJvmActorByName() throws Exception {
    String name = Connected.named("echo-" + System.nanoTime());
    Connected.exposeEcho(gw.kit(), name);
    assertEquals("jvm:hello", Connected.viaRequester(gw.kit(), name, "hello"));
  }

  @Test
  void anExposedNameIsGoneWhenItsActorStops() throws Exception {
    String name = Connected.named("short-" + System.nanoTime());
    ActorRef<Envelope> ref = Connected.exposeEcho(gw.kit(), name);
    assertEquals("jvm:a", Connected.viaRequester(gw.kit(), name, "a"));
    gw.kit().stop(ref);
    String after = "";
    for (long deadline = System.nanoTime() + Connected.WAIT.toNanos(); System.nanoTime() < deadline; ) {
      after = Connected.viaRequester(gw.kit(), name, "b");
      if (after.startsWith("error: ")) break;
    }
    assertEquals("error: NOT_FOUND", after.substring(0, Math.min(after.length(), 16)));
  }

  @Test
  void watchingAProxyYieldsTerminatedWhenTheTsActorStops() {
    ActorRef<Object> ephemeral = gw.rosetta().refFor("ephemeral");
    TestProbe<Object> probe = gw.kit().createTestProbe();
    ephemeral.tell("stop");
    probe.expectTerminated(ephemeral, Connected.WAIT);
  }
}
