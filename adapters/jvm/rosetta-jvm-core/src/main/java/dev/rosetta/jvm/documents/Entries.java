package dev.rosetta.jvm.documents;

import java.util.Map;

/**
 * What {@link Documents#get} read: Akka's GetSuccess ({@code found}) or NotFound (no entry of the
 * keys asked for, or an empty or missing structure). Values as {@link DocumentValues} reads them.
 *
 * <pre>{@code
 * Entries e = documents.get("cart/42", "items", Structure.KV).join();
 * long qty = (Long) e.values().getOrDefault("sku-1", 0L);
 * }</pre>
 */
public record Entries(String document, String name, boolean found, Map<String, Object> values) {
  /** The value of {@code key}, or null when absent (or set to null: see {@link #contains}). */
  public Object get(String key) {
    return values.get(key);
  }

  public boolean contains(String key) {
    return values.containsKey(key);
  }
}
