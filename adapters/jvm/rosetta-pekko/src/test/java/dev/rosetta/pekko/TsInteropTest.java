package dev.rosetta.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rosetta.jvm.errors.DeadLetterException;
import dev.rosetta.testkit.GatewayProcess;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The binding's actors (Pekko, or Akka in the generated copy) and the TS actors of a real `rosetta dev` gateway process: tell, ask, watch, exposed names. */
class TsInteropTest {
  static GatewayProcess gw;
  static ActorTestKit kit;
  static Rosetta rosetta;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayProcess.start();
    kit = Connected.kit(Connected.config(gw, gw.devToken(), Connected.memberId(Connected.named("ts"))).build());
    rosetta = Rosetta.get(kit.system());
  }

  @AfterAll
  static void stop() {
    if (kit != null) kit.shutdownTestKit();
    if (gw != null) gw.close();
  }

  /** An exposed JVM actor: answers "jvm:<text>". */
  static Behavior<Envelope> jvmEcho() {
    return Behaviors.receive(Envelope.class)
        .onMessage(Envelope.class, env -> {
          env.reply("jvm:" + env.message());
          return Behaviors.same();
        })
        .build();
  }

  @Test
  void askThroughAProxyGetsTheTsEchoReply() throws Exception {
    ActorRef<Object> echo = rosetta.refFor("echo");
    String hello = "hello from " + Connected.LIBRARY;
    assertEquals(hello, Connected.await(Connected.ask(kit, echo, hello)));
  }

  @Test
  void askOfAVirtualCounterActivatesItAndCounts() throws Exception {
    ActorRef<Object> counter = rosetta.refFor("counter/" + Connected.named(Long.toString(System.nanoTime())));
    assertEquals("1", Connected.await(Connected.ask(kit, counter, "inc")));
    assertEquals("2", Connected.await(Connected.ask(kit, counter, "inc")));
    assertEquals("2", Connected.await(Connected.ask(kit, counter, "get")));
  }

  @Test
  void tellsArriveInOrderAndTheReplyOfATellComesBackToItsReplyTo() throws Exception {
    ActorRef<Object> sink = rosetta.refFor("sink");
    for (int i = 0; i < 2000; i++) sink.tell(Integer.toString(i));
    TestProbe<Envelope> probe = kit.createTestProbe();
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
    ExecutionException e = assertThrows(ExecutionException.class, () -> Connected.await(Connected.ask(kit, rosetta.refFor("nobody-home"), "x")));
    assertInstanceOf(DeadLetterException.class, e.getCause());
  }

  @Test
  void aTsActorRequestsAnExposedJvmActorByName() throws Exception {
    ActorRef<Envelope> ref = kit.spawn(jvmEcho());
    String name = Connected.named("echo-" + System.nanoTime());
    Connected.await(rosetta.expose(name, ref));
    assertEquals("jvm:hello", Connected.await(Connected.ask(kit, rosetta.refFor("requester"), name + "|hello")));
  }

  @Test
  void anExposedNameIsGoneWhenItsActorStops() throws Exception {
    ActorRef<Envelope> ref = kit.spawn(jvmEcho());
    String name = Connected.named("short-" + System.nanoTime());
    Connected.await(rosetta.expose(name, ref));
    assertEquals("jvm:a", Connected.await(Connected.ask(kit, rosetta.refFor("requester"), name + "|a")));
    kit.stop(ref);
    String after = "";
    for (long deadline = System.nanoTime() + Connected.WAIT.toNanos(); System.nanoTime() < deadline; ) {
      after = (String) Connected.await(Connected.ask(kit, rosetta.refFor("requester"), name + "|b"));
      if (after.startsWith("error: ")) break;
    }
    assertEquals("error: NOT_FOUND", after.substring(0, Math.min(after.length(), 16)));
  }

  @Test
  void watchingAProxyYieldsTerminatedWhenTheTsActorStops() {
    ActorRef<Object> ephemeral = rosetta.refFor("ephemeral");
    TestProbe<Object> probe = kit.createTestProbe();
    ephemeral.tell("stop");
    probe.expectTerminated(ephemeral, Connected.WAIT);
  }
}
