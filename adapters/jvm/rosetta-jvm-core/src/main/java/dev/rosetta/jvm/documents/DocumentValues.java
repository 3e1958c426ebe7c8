package dev.rosetta.jvm.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.rosetta.jvm.errors.InvalidArgumentException;
import dev.rosetta.jvm.serialization.Serialization;
import dev.rosetta.protocol.v1.CrdtEntry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Java values ⇄ the values of a document's entries ({@code CrdtEntry}: a {@code google.protobuf.Value},
 * or bytes), matching what the gateway stores in Yjs (crdt/proto-values.ts).
 *
 * <table>
 *   <caption>Writing</caption>
 *   <tr><td>{@code null}, {@code Boolean}, {@code String}, {@code Character}</td><td>null, bool, string</td></tr>
 *   <tr><td>any {@code Number}</td><td>a JSON number (a double): integers beyond ±2^53 and NaN/±Infinity are refused</td></tr>
 *   <tr><td>{@code Map<String, ?>}, {@code Collection}, arrays</td><td>object, array (nested at most 64 deep)</td></tr>
 *   <tr><td>{@code byte[]} as the whole value</td><td>bytes (a Uint8Array in Yjs); nested inside a map or list: a base64 string, as JSON has it</td></tr>
 *   <tr><td>{@code Value}, Jackson {@code JsonNode}</td><td>as they are</td></tr>
 *   <tr><td>anything else (records, POJOs, enums)</td><td>its Jackson tree</td></tr>
 * </table>
 *
 * Reading gives {@code null}, {@code Boolean}, {@code String}, {@code Long} (a whole number within
 * ±2^53), {@code Double} (any other number), unmodifiable {@code Map<String, Object>} (in the
 * order received) and {@code List<Object>}, and {@code byte[]}. JavaScript has one number type, so
 * {@code 2.0} written comes back as {@code 2L}.
 *
 * <pre>{@code
 * CrdtEntry e = DocumentValues.toEntry("qty", 3);          // value { number_value: 3 }
 * Object v = DocumentValues.fromEntry(e);                    // 3L
 * }</pre>
 */
public final class DocumentValues {
  /** Nesting deeper than this is refused, as the gateway refuses it. */
  public static final int MAX_DEPTH = 64;
  /** 2^53: the largest integer a JSON number (a double) holds exactly. */
  public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_992L;

  private static final ObjectMapper JSON = Serialization.defaultObjectMapper();
  private static final Value NULL = Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();

  private DocumentValues() {}

  /** The entry {@code key = value}; a {@code byte[]} becomes a bytes entry. Throws {@link InvalidArgumentException} (reason {@code bad-value}). */
  public static CrdtEntry toEntry(String key, Object value) {
    if (key == null) throw bad("an entry needs a key");
    if (value instanceof byte[] b) return CrdtEntry.newBuilder().setKey(key).setIsBinary(true).setBinary(ByteString.copyFrom(b)).build();
    return CrdtEntry.newBuilder().setKey(key).setValue(toValue(value)).build();
  }

  /** The Java value of an entry: {@code byte[]} for a bytes entry, else {@link #fromValue}. */
  public static Object fromEntry(CrdtEntry entry) {
    if (entry.getIsBinary()) return entry.getBinary().toByteArray();
    return entry.hasValue() ? fromValue(entry.getValue()) : null;
  }

  /** Entries in wire order as a map (a later entry of the same key wins). */
  public static Map<String, Object> fromEntries(List<CrdtEntry> entries) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (CrdtEntry e : entries) out.put(e.getKey(), fromEntry(e));
    return Collections.unmodifiableMap(out);
  }

  public static Value toValue(Object value) {
    return toValue(value, 0);
  }

  public static Object fromValue(Value value) {
    return fromValue(value, 0);
  }

  private static Value toValue(Object v, int depth) {
    if (depth > MAX_DEPTH) throw bad("a value nested more than " + MAX_DEPTH + " deep");
    if (v == null) return NULL;
    if (v instanceof Value pv) return pv;
    if (v instanceof String s) return Value.newBuilder().setStringValue(s).build();
    if (v instanceof Character c) return Value.newBuilder().setStringValue(c.toString()).build();
    if (v instanceof Boolean b) return Value.newBuilder().setBoolValue(b).build();
    if (v instanceof Number n) return Value.newBuilder().setNumberValue(number(n)).build();
    if (v instanceof byte[] b) return Value.newBuilder().setStringValue(Base64.getEncoder().encodeToString(b)).build();
    if (v instanceof Map<?, ?> m) {
      Struct.Builder s = Struct.newBuilder();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k)) throw bad("map keys must be strings, got " + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
        s.putFields(k, toValue(e.getValue(), depth + 1));
      }
      return Value.newBuilder().setStructValue(s).build();
    }
    if (v instanceof Collection<?> c) return list(c.iterator(), depth);
    if (v instanceof Object[] a) return list(java.util.Arrays.asList(a).iterator(), depth);
    if (v.getClass().isArray()) {
      int n = java.lang.reflect.Array.getLength(v);
      List<Object> items = new ArrayList<>(n);
      for (int i = 0; i < n; i++) items.add(java.lang.reflect.Array.get(v, i));
      return list(items.iterator(), depth);
    }
    if (v instanceof JsonNode node) return fromJson(node, depth);
    JsonNode tree;
    try {
      tree = JSON.valueToTree(v);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("a " + v.getClass().getName() + " cannot be a document value: " + e.getMessage(), "bad-value", Map.of(), e);
    }
    return fromJson(tree, depth);
  }

  private static Value list(Iterator<?> items, int depth) {
    ListValue.Builder l = ListValue.newBuilder();
    while (items.hasNext()) l.addValues(toValue(items.next(), depth + 1));
    return Value.newBuilder().setListValue(l).build();
  }

  private static double number(Number n) {
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) throw bad(d + " is not a JSON number");
      return d;
    }
    if (n instanceof BigDecimal d) {
      double x = d.doubleValue();
      if (!Double.isFinite(x)) throw bad(d + " is out of a JSON number's range");
      return x;
    }
    if (n instanceof BigInteger b) {
      if (b.abs().compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) > 0) throw bad(b + " is beyond ±2^53: a JSON number would not hold it exactly");
      return b.doubleValue();
    }
    long l = n.longValue();
    if (n.doubleValue() != (double) l) return n.doubleValue(); // a Number subclass that is not whole (e.g. a custom type)
    if (Math.abs(l) > MAX_SAFE_INTEGER || l == Long.MIN_VALUE) throw bad(l + " is beyond ±2^53: a JSON number would not hold it exactly");
    return l;
  }

  private static Value fromJson(JsonNode n, int depth) {
    if (depth > MAX_DEPTH) throw bad("a value nested more than " + MAX_DEPTH + " deep");
    if (n == null || n.isNull() || n.isMissingNode()) return NULL;
    if (n.isTextual()) return Value.newBuilder().setStringValue(n.textValue()).build();
    if (n.isBoolean()) return Value.newBuilder().setBoolValue(n.booleanValue()).build();
    if (n.isBigInteger()) return Value.newBuilder().setNumberValue(number(n.bigIntegerValue())).build();
    if (n.isNumber()) return Value.newBuilder().setNumberValue(number(n.numberValue())).build();
    if (n.isBinary()) {
      try {
        return Value.newBuilder().setStringValue(Base64.getEncoder().encodeToString(n.binaryValue())).build();
      } catch (java.io.IOException e) {
        throw new InvalidArgumentException("unreadable binary node: " + e.getMessage(), "bad-value", Map.of(), e);
      }
    }
    if (n.isArray()) {
      ListValue.Builder l = ListValue.newBuilder();
      for (JsonNode x : n) l.addValues(fromJson(x, depth + 1));
      return Value.newBuilder().setListValue(l).build();
    }
    if (n.isObject()) {
      Struct.Builder s = Struct.newBuilder();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        s.putFields(e.getKey(), fromJson(e.getValue(), depth + 1));
      }
      return Value.newBuilder().setStructValue(s).build();
    }
    if (n.isPojo()) return toValue(((com.fasterxml.jackson.databind.node.POJONode) n).getPojo(), depth);
    throw bad("a " + n.getNodeType() + " JSON node cannot be a document value");
  }

  private static Object fromValue(Value v, int depth) {
    if (depth > MAX_DEPTH) throw bad("a value nested more than " + MAX_DEPTH + " deep");
    switch (v.getKindCase()) {
      case NUMBER_VALUE -> {
        double d = v.getNumberValue();
        if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER) return (long) d;
        return d;
      }
      case STRING_VALUE -> {
        return v.getStringValue();
      }
      case BOOL_VALUE -> {
        return v.getBoolValue();
      }
      case STRUCT_VALUE -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : v.getStructValue().getFieldsMap().entrySet()) out.put(e.getKey(), fromValue(e.getValue(), depth + 1));
        return Collections.unmodifiableMap(out);
      }
      case LIST_VALUE -> {
        List<Object> out = new ArrayList<>(v.getListValue().getValuesCount());
        for (Value x : v.getListValue().getValuesList()) out.add(fromValue(x, depth + 1));
        return Collections.unmodifiableList(out);
      }
      default -> {
        return null; // NULL_VALUE, or no kind set
      }
    }
  }

  private static InvalidArgumentException bad(String message) {
    return new InvalidArgumentException(message, "bad-value", Map.of(), null);
  }
}
