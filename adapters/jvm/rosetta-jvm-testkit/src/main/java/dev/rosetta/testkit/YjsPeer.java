package dev.rosetta.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A stock Yjs peer: a Node program (rosetta-jvm-testkit/node/yjs-peer.mjs) holding one Y.Doc synced
 * with the gateway's y-websocket endpoint by an unmodified y-websocket 3.1 WebsocketProvider, driven
 * by JSON lines. It reports the watched structures after every change of the document.
 *
 * <pre>{@code
 * try (YjsPeer y = YjsPeer.start(gw.yjsUrl(), "notes/1", gw.devToken(), List.of("items"), List.of("settings"))) {
 *   y.call(Map.of("op", "set", "map", "items", "key", "a", "value", 1));
 *   y.awaitState(s -> s.path("maps").path("items").path("b").asInt() == 2, "b = 2");
 * }
 * }</pre>
 */
public final class YjsPeer extends LineProcess {
  private YjsPeer(List<String> command) throws java.io.IOException {
    super("yjs-peer", command);
  }

  public static Path script() {
    Path p = RepoPaths.root().resolve("adapters/jvm/rosetta-jvm-testkit/node/yjs-peer.mjs");
    if (!Files.exists(p)) throw new IllegalStateException(p + " is missing");
    return p;
  }

  /** Starts the peer on {@code document} and waits until its provider synced. {@code maps}/{@code kvs}: the Y.Map and KvStore names it reports. */
  public static YjsPeer start(String yjsUrl, String document, String token, List<String> maps, List<String> kvs) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(RepoPaths.node(), script().toString(), "--url", yjsUrl, "--doc", document, "--token", token,
        "--maps", String.join(",", maps), "--kvs", String.join(",", kvs)));
    YjsPeer peer = new YjsPeer(cmd);
    awaitReady(peer, e -> "synced".equals(e.path("event").asText()), "yjs peer synced");
    return peer;
  }

  /** Sends a command and waits for its {@code done} (or fails with its {@code error}). */
  public JsonNode call(Map<String, ?> command) throws Exception {
    send(command);
    JsonNode r = next(e -> command.get("op").equals(e.path("op").asText()) && ("done".equals(e.path("event").asText()) || "error".equals(e.path("event").asText())),
        Duration.ofSeconds(30), "answer to " + command);
    if ("error".equals(r.path("event").asText())) throw new IllegalStateException("yjs peer: " + r);
    return r;
  }

  /** Sends a command that answers with an event (e.g. {@code decode} → {@code decoded}); returns that event. */
  public JsonNode callFor(Map<String, ?> command, String event) throws Exception {
    JsonNode done = call(command);
    return next(e -> event.equals(e.path("event").asText()), Duration.ofSeconds(5), event + " for " + command + " (answered " + done + ")");
  }

  /** The next reported state (changes and dumps, in order) matching {@code pred}. */
  public JsonNode awaitState(Predicate<JsonNode> pred, String what) throws Exception {
    return next(e -> "state".equals(e.path("event").asText()) && pred.test(e), Duration.ofSeconds(30), what);
  }

  /** The value of {@code key} in the Y.Map {@code map} of a reported state. */
  public static JsonNode mapValue(JsonNode state, String map, String key) {
    return state.path("maps").path(map).path(key);
  }

  /** The value of {@code key} in the KvStore {@code kv} of a reported state. */
  public static JsonNode kvValue(JsonNode state, String kv, String key) {
    return state.path("kvs").path(kv).path(key);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        send(Map.of("op", "exit"));
        if (process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) return;
      } catch (RuntimeException | InterruptedException ignored) {
        // fall through to a kill
      }
    }
    super.close();
  }
}
