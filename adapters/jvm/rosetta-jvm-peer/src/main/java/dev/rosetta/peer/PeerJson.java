package dev.rosetta.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.jvm.documents.Changed;
import dev.rosetta.jvm.documents.DocumentValues;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Document values in the peer's JSON lines: plain JSON, except that a whole value of bytes is
 * {@code {"$bytes": "<base64>"}} both ways (what yjs-peer.mjs and the TS drivers use); read values
 * are {@link DocumentValues}' Java values written back as JSON.
 */
final class PeerJson {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PeerJson() {}

  /** A command's value as what {@code Documents.set} takes: {@code byte[]} for {@code {"$bytes": …}}, else the JSON node itself. */
  static Object value(JsonNode v) {
    if (v != null && v.isObject() && v.size() == 1 && v.path("$bytes").isTextual()) return Base64.getDecoder().decode(v.path("$bytes").asText());
    return v == null || v.isMissingNode() ? null : v;
  }

  static JsonNode json(Object v) {
    if (v == null) return NODES.nullNode();
    if (v instanceof byte[] b) return NODES.objectNode().put("$bytes", Base64.getEncoder().encodeToString(b));
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = NODES.objectNode();
      m.forEach((k, x) -> o.set(String.valueOf(k), json(x)));
      return o;
    }
    if (v instanceof List<?> l) {
      ArrayNode a = NODES.arrayNode();
      l.forEach(x -> a.add(json(x)));
      return a;
    }
    return JSON.valueToTree(v);
  }

  /** A {@code changed} event of subscription {@code subscription}. */
  static ObjectNode changed(String subscription, Changed c) {
    ObjectNode e = NODES.objectNode().put("event", "changed").put("subscription", subscription).put("doc", c.document()).put("name", c.name());
    e.set("entries", json(c.entries()));
    e.set("removed", json(c.removed()));
    e.put("seq", c.seq()).put("resync", c.resync());
    if (c.update().length > 0) e.put("update", Base64.getEncoder().encodeToString(c.update()));
    return e;
  }

  /** The strings of a JSON array (absent: none). */
  static String[] strings(JsonNode a) {
    String[] out = new String[a.size()];
    Iterator<JsonNode> it = a.elements();
    for (int i = 0; it.hasNext(); i++) out[i] = it.next().asText();
    return out;
  }
}
