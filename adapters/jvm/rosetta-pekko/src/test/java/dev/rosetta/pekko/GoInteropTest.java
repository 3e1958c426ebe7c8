package dev.rosetta.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rosetta.jvm.Pid;
import dev.rosetta.testkit.GatewayProcess;
import dev.rosetta.testkit.GoPeer;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The binding (Pekko, or Akka in the generated copy) and real protoactor-go programs of both wire dialects, through one gateway process. */
class GoInteropTest {
  static GatewayProcess gw;
  static GoPeer go2024;
  static GoPeer go2025;
  static ActorTestKit kit;
  static Rosetta rosetta;

  @BeforeAll
  static void start() throws Exception {
    int p2024 = GoPeer.freePort();
    int p2025 = GoPeer.freePort();
    while (p2025 == p2024) p2025 = GoPeer.freePort();
    gw = GatewayProcess.start("--peer", "127.0.0.1:" + p2024 + "=v2024", "--peer", "127.0.0.1:" + p2025 + "=v2025");
    go2024 = GoPeer.start("v2024", p2024, gw.devToken());
    go2025 = GoPeer.start("v2025", p2025, gw.devToken());
    kit = Connected.kit(Connected.config(gw, gw.devToken(), Connected.memberId(Connected.named("go"))).build());
    rosetta = Rosetta.get(kit.system());
  }

  @AfterAll
  static void stop() {
    if (kit != null) kit.shutdownTestKit();
    if (go2024 != null) go2024.close();
    if (go2025 != null) go2025.close();
    if (gw != null) gw.close();
  }

  static GoPeer peer(String dialect) {
    return dialect.equals("v2024") ? go2024 : go2025;
  }

  @ParameterizedTest
  @ValueSource(strings = {"v2024", "v2025"})
  void aJvmActorAsksAGoActorThroughTheGateway(String dialect) throws Exception {
    GoPeer go = peer(dialect);
    ActorRef<Object> goEcho = rosetta.refFor(Pid.of(go.address(), "echo"));
    assertEquals("hello go " + dialect, Connected.await(Connected.ask(kit, goEcho, "hello go " + dialect)));
    goEcho.tell("a plain tell");
    JsonNode received = go.next(e -> e.path("event").asText().equals("received") && e.path("text").asText().equals("a plain tell"), Connected.WAIT, "the tell at Go");
    assertEquals("", received.path("sender").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v2024", "v2025"})
  void aGoRequestFutureReachesAnExposedJvmActor(String dialect) throws Exception {
    GoPeer go = peer(dialect);
    String name = Connected.named("for-go-" + dialect);
    Connected.await(rosetta.expose(name, kit.spawn(TsInteropTest.jvmEcho())));
    JsonNode reply = go.request(gw.grpcAddress(), name, "ping from go", Duration.ofSeconds(10));
    assertEquals("reply", reply.path("event").asText(), reply.toString());
    assertEquals("jvm:ping from go", reply.path("text").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v2024", "v2025"})
  void goWatchesAnExposedJvmActorThatStops(String dialect) throws Exception {
    GoPeer go = peer(dialect);
    String name = Connected.named("watched-" + dialect);
    ActorRef<Envelope> ref = kit.spawn(TsInteropTest.jvmEcho());
    Connected.await(rosetta.expose(name, ref));
    go.call(Map.of("op", "watch", "address", gw.grpcAddress(), "id", name), e -> e.path("event").asText().equals("watching"), Connected.WAIT);
    // The watch travels Go → gateway; a request behind it on the same path means it has arrived.
    assertEquals("reply", go.request(gw.grpcAddress(), name, "sync", Duration.ofSeconds(10)).path("event").asText());
    kit.stop(ref);
    JsonNode t = go.next(e -> e.path("event").asText().equals("terminated"), Connected.WAIT, "Terminated at Go");
    assertEquals(0, t.path("why").asInt(), t.toString());
  }
}
