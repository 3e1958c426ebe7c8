package dev.rosetta.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rosetta.jvm.Pid;
import dev.rosetta.testkit.GoPeer;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The binding (Pekko, or Akka in the generated copy) and real protoactor-go programs of both wire dialects, through one gateway process. */
class GoInteropTest {
  @RegisterExtension static final GatewayFixture gw = GatewayFixture.withDevKit("go").andGoPeers("v2024", "v2025");

  @ParameterizedTest
  @ValueSource(strings = {"v2024", "v2025"})
  void aJvmActorAsksAGoActorThroughTheGateway(String dialect) throws Exception {
    GoPeer go = gw.goPeer(dialect);
    ActorRef<Object> goEcho = gw.rosetta().refFor(Pid.of(go.address(), "echo"));
    assertEquals("hello go " + dialect, Connected.await(Connected.ask(gw.kit(), goEcho, "hello go " + dialect)));
    goEcho.tell("a plain tell");
    JsonNode received = go.next(e -> e.path("event").asText().equals("received") && e.path("text").asText().equals("a plain tell"), Connected.WAIT, "the tell at Go");
    assertEquals("", received.path("sender").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v2024", "v2025"})
  void aGoRequestFutureReachesAnExposedJvmActor(String dialect) throws Exception {
    String name = Connected.named("for-go-" + dialect);
    Connected.exposeEcho(gw.kit(), name);
    GoPeer go = gw.goPeer(dialect);
    JsonNode reply = go.request(gw.process().grpcAddress(), name, "ping from go", Duration.ofSeconds(10));
    assertEquals("reply", reply.path("event").asText(), reply.toString());
    assertEquals("jvm:ping from go", reply.path("text").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v2024", "v2025"})
  void goWatchesAnExposedJvmActorThatStops(String dialect) throws Exception {
    GoPeer go = gw.goPeer(dialect);
    String name = Connected.named("watched-" + dialect);
    ActorRef<Envelope> ref = Connected.exposeEcho(gw.kit(), name);
    go.call(Map.of("op", "watch", "address", gw.process().grpcAddress(), "id", name), e -> e.path("event").asText().equals("watching"), Connected.WAIT);
    // The watch travels Go → gateway; a request behind it on the same path means it has arrived.
    assertEquals("reply", go.request(gw.process().grpcAddress(), name, "sync", Duration.ofSeconds(10)).path("event").asText());
    gw.kit().stop(ref);
    JsonNode t = go.next(e -> e.path("event").asText().equals("terminated"), Connected.WAIT, "Terminated at Go");
    assertEquals(0, t.path("why").asInt(), t.toString());
  }
}
