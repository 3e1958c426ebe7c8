package dev.rosetta.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.jvm.RosettaConfig;
import dev.rosetta.jvm.client.RosettaClient;
import dev.rosetta.jvm.documents.Documents;
import dev.rosetta.jvm.documents.Entries;
import dev.rosetta.jvm.documents.Structure;
import dev.rosetta.jvm.documents.Subscribe;
import dev.rosetta.jvm.documents.Subscription;
import dev.rosetta.jvm.documents.Update;
import dev.rosetta.jvm.errors.FailedPreconditionException;
import dev.rosetta.jvm.errors.InvalidArgumentException;
import dev.rosetta.jvm.errors.RosettaException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real JVM client of replicated documents, driven by JSON lines on stdin; events as JSON lines on
 * stdout (logs on stderr). Each command may carry an {@code id}, echoed in its answer; answers come
 * when the gateway answered (a write: once durable), so they may overtake each other.
 *
 * <pre>
 * java -cp 'adapters/jvm/rosetta-jvm-peer/target/classes:adapters/jvm/rosetta-jvm-peer/target/lib/*' dev.rosetta.peer.DocumentsPeer \
 *      [--gateway 127.0.0.1:8090 --token &lt;jwt&gt; [--member-id m]]
 *
 * out  {"event":"ready"}                                          at start (after connecting, when --gateway was given)
 * in   {"op":"connect","gateway":"127.0.0.1:8090","token":"…","memberId":"m"}   → {"event":"connected","memberId":"m"}
 * in   {"op":"set","doc":"d","name":"items","structure":"map|kv","key":"k","value":1}   (or "entries":{"k":1,…}) → {"event":"ok"}
 * in   {"op":"delete","doc":"d","name":"items","structure":"kv","keys":["k"]}      → {"event":"ok"}
 * in   {"op":"get","doc":"d","name":"items","structure":"kv","keys":[]}           → {"event":"entries","found":true,"values":{…}}
 * in   {"op":"subscribe","doc":"d","name":"items","structure":"kv","includeUpdate":false} → {"event":"subscribed","subscription":"s1"}
 * out  {"event":"changed","subscription":"s1","doc":"d","name":"items","entries":{…},"removed":[…],"seq":1,"resync":false[,"update":"b64"]}
 * in   {"op":"unsubscribe","subscription":"s1"}                                 → {"event":"unsubscribed","removed":true}
 * in   {"op":"state","doc":"d"}                                                  → {"event":"state","update":"&lt;base64 Yjs v1&gt;"}
 * in   {"op":"applyUpdate","doc":"d","update":"&lt;base64 Yjs v1&gt;"}              → {"event":"ok"}
 * in   {"op":"exit"}                                                             → exits 0 (so does the end of stdin)
 * any failure → {"event":"error","op":…,"code":"PERMISSION_DENIED","status":7,"reason":"read-only","message":…}
 * </pre>
 * A whole value of bytes is {@code {"$bytes":"<base64>"}} both ways.
 */
public final class DocumentsPeer implements AutoCloseable {
  private final PrintStream out;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final AtomicLong subscriptionIds = new AtomicLong();
  private volatile RosettaClient client;

  DocumentsPeer(OutputStream out) {
    this.out = new PrintStream(out, true, StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    int code;
    try (DocumentsPeer peer = new DocumentsPeer(System.out)) {
      code = peer.run(args, System.in);
    }
    System.exit(code);
  }

  /** Connects when {@code args} name a gateway, then handles commands until {@code exit} or the end of {@code in}. */
  int run(String[] args, InputStream in) throws IOException {
    Map<String, String> flags = flags(args);
    if (flags.containsKey("gateway")) {
      try {
        connect(flags.get("gateway"), flags.getOrDefault("token", ""), flags.get("member-id")).join();
      } catch (CompletionException e) {
        emit(error("connect", null, e));
        return 1;
      }
    }
    emit(PeerJson.JSON.createObjectNode().put("event", "ready"));
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line; (line = r.readLine()) != null; ) {
      if (line.isBlank()) continue;
      JsonNode c;
      try {
        c = PeerJson.JSON.readTree(line);
      } catch (IOException e) {
        emit(PeerJson.JSON.createObjectNode().put("event", "error").put("code", "INVALID_ARGUMENT").put("message", "not JSON: " + e.getMessage()));
        continue;
      }
      if ("exit".equals(c.path("op").asText())) return 0;
      handle(c);
    }
    return 0;
  }

  void handle(JsonNode c) {
    String op = c.path("op").asText();
    JsonNode id = c.get("id");
    CompletableFuture<ObjectNode> answer;
    try {
      answer = switch (op) {
        case "connect" -> connect(c.path("gateway").asText(), c.path("token").asText(), c.hasNonNull("memberId") ? c.get("memberId").asText() : null)
            .thenApply(x -> event("connected").put("memberId", client.config().memberId()));
        case "set" -> {
          Update u = Update.of(c.path("doc").asText(), c.path("name").asText(), structure(c));
          if (c.has("entries")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = c.get("entries").fields(); it.hasNext(); ) {
              Map.Entry<String, JsonNode> e = it.next();
              u.set(e.getKey(), PeerJson.value(e.getValue()));
            }
          } else {
            u.set(c.path("key").asText(), PeerJson.value(c.get("value")));
          }
          yield documents().update(u).thenApply(x -> event("ok"));
        }
        case "delete" -> documents().delete(c.path("doc").asText(), c.path("name").asText(), structure(c), PeerJson.strings(c.path("keys")))
            .thenApply(x -> event("ok"));
        case "get" -> documents().get(c.path("doc").asText(), c.path("name").asText(), structure(c), PeerJson.strings(c.path("keys"))).thenApply(this::entries);
        case "subscribe" -> subscribe(c);
        case "unsubscribe" -> {
          Subscription s = subscriptions.remove(c.path("subscription").asText());
          if (s == null) throw new InvalidArgumentException("no subscription '" + c.path("subscription").asText() + "'");
          yield s.unsubscribe().thenApply(removed -> event("unsubscribed").put("removed", removed));
        }
        case "state" -> documents().state(c.path("doc").asText()).thenApply(b -> event("state").put("update", Base64.getEncoder().encodeToString(b)));
        case "applyUpdate" -> documents().applyUpdate(c.path("doc").asText(), Base64.getDecoder().decode(c.path("update").asText())).thenApply(x -> event("ok"));
        default -> throw new InvalidArgumentException("unknown op '" + op + "'");
      };
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete((ok, err) -> emit(err == null ? withId(ok, op, id) : error(op, id, err)));
  }

  private CompletableFuture<ObjectNode> subscribe(JsonNode c) {
    String name = c.path("name").asText("");
    Subscribe what = name.isEmpty() ? Subscribe.whole(c.path("doc").asText()) : Subscribe.of(c.path("doc").asText(), name, structure(c));
    if (c.path("includeUpdate").asBoolean(false)) what = what.withUpdates();
    String sid = "s" + subscriptionIds.incrementAndGet();
    return documents().subscribe(what, change -> emit(PeerJson.changed(sid, change))).thenApply(s -> {
      subscriptions.put(sid, s);
      return event("subscribed").put("subscription", sid);
    });
  }

  private synchronized CompletableFuture<Void> connect(String gateway, String token, String memberId) {
    if (client != null) return CompletableFuture.failedFuture(new FailedPreconditionException("already connected"));
    RosettaConfig.Builder b = RosettaConfig.builder(gateway).token(token);
    if (memberId != null && !memberId.isEmpty()) b.memberId(memberId);
    client = RosettaClient.create(b.build());
    return client.connect();
  }

  private Documents documents() {
    RosettaClient c = client;
    if (c == null) throw new FailedPreconditionException("not connected: send {\"op\":\"connect\",…} first");
    return c.documents();
  }

  private ObjectNode entries(Entries e) {
    ObjectNode o = event("entries").put("doc", e.document()).put("name", e.name()).put("found", e.found());
    o.set("values", PeerJson.json(e.values()));
    return o;
  }

  private static Structure structure(JsonNode c) {
    String s = c.path("structure").asText("map");
    return switch (s) {
      case "map", "MAP" -> Structure.MAP;
      case "kv", "KV" -> Structure.KV;
      default -> throw new InvalidArgumentException("structure must be map or kv, got '" + s + "'");
    };
  }

  private static ObjectNode event(String name) {
    return PeerJson.JSON.createObjectNode().put("event", name);
  }

  private static ObjectNode withId(ObjectNode e, String op, JsonNode id) {
    e.put("op", op);
    if (id != null) e.set("id", id);
    return e;
  }

  private static ObjectNode error(String op, JsonNode id, Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    ObjectNode e = event("error");
    if (t instanceof RosettaException r) e.put("code", r.code().name()).put("status", r.code().number()).put("reason", r.reason());
    else e.put("code", "UNKNOWN").put("status", 2).put("reason", "");
    e.put("message", String.valueOf(t.getMessage()));
    return withId(e, op, id);
  }

  private void emit(JsonNode e) {
    synchronized (out) {
      out.println(e.toString());
    }
  }

  private static Map<String, String> flags(String[] args) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --flag value pairs, got " + args[i]);
      m.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0) throw new IllegalArgumentException("flag " + args[args.length - 1] + " has no value");
    return m;
  }

  @Override
  public void close() {
    RosettaClient c = client;
    if (c != null) c.close();
  }
}
