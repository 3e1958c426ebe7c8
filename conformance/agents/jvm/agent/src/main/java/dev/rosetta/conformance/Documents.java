package dev.rosetta.conformance;

import dev.rosetta.conformance.v1.Ok;
import dev.rosetta.conformance.v1.Response;
import dev.rosetta.conformance.v1.Timeout;
import dev.rosetta.jvm.documents.Entries;
import dev.rosetta.jvm.documents.Structure;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's documents from the JVM through the adapter's own document API
 * ({@code dev.rosetta.jvm.documents}, {@code Rosetta.documents()}): a write is a {@code set} of one
 * entry of a MAP, a read a {@code get} of the whole MAP. Refusals are the adapter's typed
 * exceptions, which the agent answers as typed errors.
 */
final class Documents {
  private Documents() {}

  static Response write(Session s, String document, String name, String key, String value, long timeoutMs) throws Exception {
    s.rosetta.documents().withTimeout(Duration.ofMillis(timeoutMs)).set(document, name, Structure.MAP, key, value)
        .get(timeoutMs + 2000, TimeUnit.MILLISECONDS);
    return Response.newBuilder().setOk(Ok.getDefaultInstance()).build();
  }

  static Response read(Session s, String document, String name, int minEntries, long waitMs) throws Exception {
    long deadline = System.currentTimeMillis() + waitMs;
    for (;;) {
      long timeoutMs = Math.max(100, deadline - System.currentTimeMillis());
      Entries found = s.rosetta.documents().withTimeout(Duration.ofMillis(timeoutMs)).get(document, name, Structure.MAP)
          .get(timeoutMs + 2000, TimeUnit.MILLISECONDS);
      Map<String, String> entries = new TreeMap<>();
      found.values().forEach((k, v) -> entries.put(k, v instanceof String text ? text : String.valueOf(v)));
      Ok ok = Ok.newBuilder().putAllEntries(entries).build();
      if (entries.size() >= minEntries) return Response.newBuilder().setOk(ok).build();
      if (System.currentTimeMillis() >= deadline) {
        return Response.newBuilder().setTimeout(Timeout.newBuilder().setMessage("the map holds " + entries.size() + " entries").setPartial(ok)).build();
      }
      Thread.sleep(20); // a get answers the current state: ask again shortly
    }
  }
}
