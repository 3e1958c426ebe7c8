package dev.rosetta.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.jvm.client.ClientListener;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.jvm.errors.StatusCode;
import dev.rosetta.jvm.errors.UnauthenticatedException;
import dev.rosetta.jvm.errors.UnavailableException;
import dev.rosetta.testkit.GatewayProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Status;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection's life: a refused token, a reconnect the gateway survives, a gateway that dies. */
class ConnectionTest {
  GatewayProcess gw;
  ActorTestKit kit;

  @AfterEach
  void stop() {
    if (kit != null) kit.shutdownTestKit();
    if (gw != null) gw.close();
  }

  @Test
  void aBadTokenFailsTheConnectWithAnAuthenticationError() throws Exception {
    gw = GatewayProcess.start();
    kit = ActorTestKit.create(Connected.named("bad-token"));
    Rosetta rosetta = Rosetta.get(kit.system());
    ExecutionException e = assertThrows(ExecutionException.class, () -> rosetta.connect(Connected.config(gw, "not-a-jwt", Connected.memberId("bad")).build())
        .toCompletableFuture().get(Connected.WAIT.toMillis(), TimeUnit.MILLISECONDS));
    UnauthenticatedException auth = assertInstanceOf(UnauthenticatedException.class, e.getCause());
    assertEquals(StatusCode.UNAUTHENTICATED, auth.code());
    ExecutionException ask = assertThrows(ExecutionException.class, () -> Connected.await(Connected.ask(kit, rosetta.refFor("echo"), "x")));
    assertInstanceOf(RosettaException.class, ask.getCause());
  }

  @Test
  void proxiesAndExposedNamesSurviveAReconnectTheGatewaySurvived() throws Exception {
    gw = GatewayProcess.start();
    kit = Connected.kit(Connected.config(gw, gw.devToken(), Connected.memberId(Connected.named("re"))).build());
    Rosetta rosetta = Rosetta.get(kit.system());
    Connected.exposeEcho(kit, Connected.named("survivor"));
    ActorRef<Object> echo = rosetta.refFor("echo");
    assertEquals("before", Connected.await(Connected.ask(kit, echo, "before")));

    CompletableFuture<Boolean> resumed = new CompletableFuture<>();
    rosetta.client().addListener(new ClientListener() {
      @Override
      public void connected(boolean wasResumed) {
        resumed.complete(wasResumed);
      }
    });
    rosetta.reconnect();
    assertTrue(resumed.get(Connected.WAIT.toMillis(), TimeUnit.MILLISECONDS));

    assertEquals("after", Connected.await(Connected.ask(kit, echo, "after")));
    assertEquals(echo, rosetta.refFor("echo"));
    String viaName = "";
    for (long deadline = System.nanoTime() + Connected.WAIT.toNanos(); System.nanoTime() < deadline; ) {
      viaName = Connected.viaRequester(kit, Connected.named("survivor"), "again");
      if (!viaName.startsWith("error:")) break;
    }
    assertEquals("jvm:again", viaName);
  }

  @Test
  void losingTheConnectionTerminatesEveryProxyAndLateRequestsFailUnavailable() throws Exception {
    gw = GatewayProcess.start();
    kit = Connected.kit(Connected.config(gw, gw.devToken(), Connected.memberId(Connected.named("loss"))).reconnectGrace(Duration.ofMillis(500)).build());
    Rosetta rosetta = Rosetta.get(kit.system());
    List<ActorRef<Object>> proxies = List.of(rosetta.refFor("echo"), rosetta.refFor("sink"), rosetta.refFor("counter/loss"));
    assertEquals("up", Connected.await(Connected.ask(kit, proxies.get(0), "up")));
    assertEquals("1", Connected.await(Connected.ask(kit, proxies.get(2), "inc")));
    TestProbe<Object> probe = kit.createTestProbe();
    gw.kill();
    for (ActorRef<Object> p : proxies) probe.expectTerminated(p, Connected.WAIT);
    TestProbe<Object> replyTo = kit.createTestProbe();
    proxies.get(0).tell(new Request("late", replyTo.getRef(), Duration.ofSeconds(60)));
    UnavailableException lost = assertInstanceOf(UnavailableException.class, replyTo.expectMessageClass(Status.Failure.class, Connected.WAIT).cause());
    assertEquals("connection-lost", lost.reason());
  }
}
