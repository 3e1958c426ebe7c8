package dev.rosetta.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rosetta.testkit.GatewayProcess;
import dev.rosetta.testkit.LineProcess;
import dev.rosetta.testkit.RepoPaths;
import dev.rosetta.testkit.YjsPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DocumentsPeer program as another language's test drives it: a separate JVM process, JSON
 * lines on stdin/stdout, against a real gateway and a stock Yjs peer.
 */
class DocumentsPeerTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static GatewayProcess gw;
  static final List<AutoCloseable> opened = new ArrayList<>();

  /** The program in its own JVM, on this test's classpath (the module's classes and its dependencies). */
  static final class Program extends LineProcess {
    Program(String... args) throws Exception {
      super("documents-peer", command(args));
    }

    static List<String> command(String... args) {
      String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp, DocumentsPeer.class.getName()));
      cmd.addAll(List.of(args));
      return cmd;
    }

    JsonNode call(Map<String, ?> command, String event) throws Exception {
      send(command);
      Object id = command.get("id");
      JsonNode e = next(x -> id.toString().equals(x.path("id").asText()), WAIT, "the answer to " + command);
      if (!event.equals(e.path("event").asText())) throw new AssertionError("expected " + event + ", got " + e + "; stderr " + stderrTail());
      return e;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    RepoPaths.rosettaBin();
    gw = GatewayProcess.start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) opened.get(i).close();
    if (gw != null) gw.close();
  }

  static Program program(String token) throws Exception {
    Program p = new Program("--gateway", gw.grpcAddress(), "--token", token, "--member-id", "peer-" + UUID.randomUUID().toString().substring(0, 8));
    opened.add(p);
    p.next(e -> "ready".equals(e.path("event").asText()), WAIT, "ready");
    return p;
  }

  @Test
  void setsReachAStockYjsPeerAndItsEditsComeBackAsChangedEvents() throws Exception {
    String doc = "peer/" + UUID.randomUUID().toString().substring(0, 8);
    Program jvm = program(gw.devToken());
    YjsPeer y = YjsPeer.start(gw.yjsUrl(), doc, gw.devToken(), List.of("items"), List.of("settings"));
    opened.add(y);

    jvm.call(Map.of("id", 1, "op", "set", "doc", doc, "name", "items", "structure", "map", "key", "title", "value", Map.of("text", "hi")), "ok");
    jvm.call(Map.of("id", 2, "op", "set", "doc", doc, "name", "settings", "structure", "kv", "entries", Map.of("blob", Map.of("$bytes", "AQID"), "n", 1.5)), "ok");
    JsonNode st = y.awaitState(s -> YjsPeer.kvValue(s, "settings", "blob").has("$bytes"), "the program's writes at the Yjs peer");
    assertEquals("hi", YjsPeer.mapValue(st, "items", "title").path("text").asText());
    assertEquals("AQID", YjsPeer.kvValue(st, "settings", "blob").path("$bytes").asText());
    assertEquals(1.5, YjsPeer.kvValue(st, "settings", "n").asDouble());

    String sid = jvm.call(Map.of("id", 3, "op", "subscribe", "doc", doc, "name", "settings", "structure", "kv"), "subscribed").path("subscription").asText();
    y.call(Map.of("op", "kvSet", "kv", "settings", "key", "lang", "value", "fr"));
    JsonNode changed = jvm.next(e -> "changed".equals(e.path("event").asText()) && sid.equals(e.path("subscription").asText()) && e.path("entries").has("lang"),
        WAIT, "the Yjs edit as a changed event");
    assertEquals("fr", changed.path("entries").path("lang").asText());
    assertTrue(changed.path("seq").asLong() >= 1);

    JsonNode got = jvm.call(Map.of("id", 4, "op", "get", "doc", doc, "name", "settings", "structure", "kv"), "entries");
    assertTrue(got.path("found").asBoolean());
    assertEquals("fr", got.path("values").path("lang").asText());
    assertEquals("AQID", got.path("values").path("blob").path("$bytes").asText());

    jvm.call(Map.of("id", 5, "op", "delete", "doc", doc, "name", "settings", "structure", "kv", "keys", List.of("lang")), "ok");
    jvm.next(e -> "changed".equals(e.path("event").asText()) && e.path("removed").toString().contains("lang"), WAIT, "lang removed");
    assertTrue(jvm.call(Map.of("id", 6, "op", "unsubscribe", "subscription", sid), "unsubscribed").path("removed").asBoolean());

    String state = jvm.call(Map.of("id", 7, "op", "state", "doc", doc), "state").path("update").asText();
    assertEquals("hi", y.callFor(Map.of("op", "decode", "update", state), "decoded").path("maps").path("items").path("title").path("text").asText());
  }

  @Test
  void refusalsAreErrorEventsWithCodeAndReasonAndTheProgramKeepsGoing() throws Exception {
    Program ro = program(gw.token("dev", "peer-reader", "--deny-crdt-write", ">"));
    JsonNode e = ro.call(Map.of("id", "w", "op", "set", "doc", "peer/ro", "name", "m", "structure", "map", "key", "k", "value", 1), "error");
    assertEquals("PERMISSION_DENIED", e.path("code").asText());
    assertEquals(7, e.path("status").asInt());
    assertEquals("read-only", e.path("reason").asText());
    assertEquals("INVALID_ARGUMENT", ro.call(Map.of("id", "x", "op", "frobnicate"), "error").path("code").asText());
    assertEquals("INVALID_ARGUMENT", ro.call(Map.of("id", "s", "op", "get", "doc", "d", "name", "m", "structure", "tree"), "error").path("code").asText());
    assertTrue(ro.call(Map.of("id", "r", "op", "get", "doc", "peer/ro", "name", "m", "structure", "map"), "entries").has("found"));
  }

  @Test
  void withoutFlagsItConnectsOnCommandAndExitsOnExit() throws Exception {
    Program p = new Program();
    opened.add(p);
    p.next(e -> "ready".equals(e.path("event").asText()), WAIT, "ready");
    assertEquals("FAILED_PRECONDITION", p.call(Map.of("id", 0, "op", "get", "doc", "d", "name", "m"), "error").path("code").asText());
    assertEquals("late-1", p.call(Map.of("id", 1, "op", "connect", "gateway", gw.grpcAddress(), "token", gw.devToken(), "memberId", "late-1"), "connected")
        .path("memberId").asText());
    p.send(Map.of("op", "exit"));
    assertEquals(0, p.waitForExit(WAIT));
  }
}
