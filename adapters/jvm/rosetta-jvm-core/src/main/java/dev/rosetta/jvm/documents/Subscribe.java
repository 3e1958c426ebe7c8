package dev.rosetta.jvm.documents;

import java.util.Objects;

/**
 * What to watch (Akka's Subscribe): one named structure of a document ({@link #of}), or the whole
 * document ({@link #whole}: every change, no entries — with {@link #withUpdates()} the raw Yjs v1
 * bytes of each change).
 *
 * <pre>{@code
 * documents.subscribe(Subscribe.of("cart/42", "items", Structure.KV), change -> log(change.entries())).join();
 * }</pre>
 */
public record Subscribe(String document, String name, Structure structure, boolean includeUpdate) {
  public Subscribe {
    Objects.requireNonNull(document, "document");
    name = name == null ? "" : name;
    Objects.requireNonNull(structure, "structure");
  }

  public static Subscribe of(String document, String name, Structure structure) {
    return new Subscribe(document, name, structure, false);
  }

  public static Subscribe whole(String document) {
    return new Subscribe(document, "", Structure.MAP, false);
  }

  /** Also deliver each change as raw Yjs v1 update bytes ({@link Changed#update()}). */
  public Subscribe withUpdates() {
    return new Subscribe(document, name, structure, true);
  }
}
