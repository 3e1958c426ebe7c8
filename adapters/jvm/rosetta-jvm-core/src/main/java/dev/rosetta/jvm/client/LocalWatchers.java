package dev.rosetta.jvm.client;

import dev.rosetta.jvm.Pid;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watchers of this client's actors that sent their {@code actor.Watch} here. (PROTOCOL.md §1a has the
 * gateway hold such watches; this covers a gateway or relay that forwards them instead.)
 */
final class LocalWatchers {
  private final Map<String, Set<Pid>> byLocalId = new ConcurrentHashMap<>();

  void add(String localId, Pid watcher) {
    byLocalId.computeIfAbsent(localId, k -> ConcurrentHashMap.newKeySet()).add(watcher.withoutRequestId());
  }

  void remove(String localId, Pid watcher) {
    byLocalId.computeIfPresent(localId, (k, s) -> {
      s.remove(watcher.withoutRequestId());
      return s.isEmpty() ? null : s;
    });
  }

  Set<Pid> take(String localId) {
    Set<Pid> s = byLocalId.remove(localId);
    return s == null ? Set.of() : s;
  }

  void clear() {
    byLocalId.clear();
  }
}
