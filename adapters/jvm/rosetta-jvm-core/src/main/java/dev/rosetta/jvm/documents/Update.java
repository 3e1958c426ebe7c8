package dev.rosetta.jvm.documents;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One atomic write to a document (Akka's Update): entries to set and keys to delete in one named
 * MAP or KV, and/or raw Yjs v1 update bytes (applied first). Applied in one Yjs transaction, so
 * subscribers see it as one change; {@link Documents#update} completes once it is durable.
 *
 * <pre>{@code
 * documents.update(Update.of("cart/42", "items", Structure.KV).set("sku-1", 2).set("sku-2", 1).delete("sku-3")).join();
 * }</pre>
 */
public final class Update {
  private final String document;
  private final String name;
  private final Structure structure;
  private final Map<String, Object> set = new LinkedHashMap<>();
  private final List<String> delete = new ArrayList<>();
  private byte[] raw = new byte[0];

  private Update(String document, String name, Structure structure) {
    this.document = Objects.requireNonNull(document, "document");
    this.name = name == null ? "" : name;
    this.structure = Objects.requireNonNull(structure, "structure");
  }

  /** An update of the structure {@code name} (a {@link Structure#MAP} or a {@link Structure#KV}). */
  public static Update of(String document, String name, Structure structure) {
    return new Update(document, name, structure);
  }

  /** Raw Yjs v1 update bytes for the whole document (e.g. from a yrs replica). */
  public static Update raw(String document, byte[] v1Update) {
    return new Update(document, "", Structure.MAP).rawUpdate(v1Update);
  }

  public Update set(String key, Object value) {
    set.put(Objects.requireNonNull(key, "key"), value);
    delete.remove(key);
    return this;
  }

  public Update setAll(Map<String, ?> values) {
    values.forEach(this::set);
    return this;
  }

  public Update delete(String... keys) {
    for (String k : keys) {
      set.remove(Objects.requireNonNull(k, "key"));
      if (!delete.contains(k)) delete.add(k);
    }
    return this;
  }

  public Update rawUpdate(byte[] v1Update) {
    this.raw = Objects.requireNonNull(v1Update, "v1Update").clone();
    return this;
  }

  public String document() {
    return document;
  }

  public String name() {
    return name;
  }

  public Structure structure() {
    return structure;
  }

  public Map<String, Object> sets() {
    return Collections.unmodifiableMap(set);
  }

  public List<String> deletes() {
    return Collections.unmodifiableList(delete);
  }

  public byte[] rawBytes() {
    return raw.clone();
  }
}
