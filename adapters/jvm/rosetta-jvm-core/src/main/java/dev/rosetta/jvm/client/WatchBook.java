package dev.rosetta.jvm.client;

import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.wire.PidCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This client's watches of PIDs elsewhere. One {@code actor.Watch} per watched target, whatever the
 * number of local watchers, each with a watcher PID of its own ({@code $client/<member>/$watcher/<n>});
 * {@code actor.Terminated} tells every local watcher once. It is matched by the watcher it is sent
 * to, not by the actor it names: a watch of a name is told of the actor the name points at. Re-sent
 * after a reconnect (the gateway drops a client's watches with its stream); all report
 * AddressTerminated when the connection is lost.
 */
final class WatchBook {
  static final String WATCHER_ID = "$watcher";
  private static final Logger log = LoggerFactory.getLogger(WatchBook.class);

  private final Map<String, Entry> byTarget = new ConcurrentHashMap<>();
  private final AtomicInteger nextWatcher = new AtomicInteger();
  private final Addressing addressing;
  private final Outbox outbox;

  private record Entry(Pid watchee, int watcher, Set<RemoteWatcher> watchers) {
    String watcherId() {
      return WATCHER_ID + "/" + watcher;
    }
  }

  WatchBook(Addressing addressing, Outbox outbox) {
    this.addressing = addressing;
    this.outbox = outbox;
  }

  void watch(Pid watchee, RemoteWatcher watcher) {
    Pid w = watchee.withoutRequestId();
    boolean[] first = {false};
    byTarget.compute(addressing.targetId(w), (k, e) -> {
      if (e == null) {
        first[0] = true;
        e = new Entry(w, nextWatcher.incrementAndGet(), ConcurrentHashMap.newKeySet());
      }
      e.watchers().add(watcher);
      return e;
    });
    if (first[0]) sendWatch(byTarget.get(addressing.targetId(w)));
  }

  void unwatch(Pid watchee, RemoteWatcher watcher) {
    Pid w = watchee.withoutRequestId();
    Entry[] last = {null};
    byTarget.computeIfPresent(addressing.targetId(w), (k, e) -> {
      e.watchers().remove(watcher);
      if (!e.watchers().isEmpty()) return e;
      last[0] = e;
      return null;
    });
    if (last[0] != null) outbox.send(w, actor.Actor.Unwatch.newBuilder().setWatcher(PidCodec.toProto(addressing.local(last[0].watcherId()))).build(), null);
  }

  /** {@code localId}: the watcher the Terminated was sent to ({@code $watcher/<n>}). */
  void terminated(String localId, Pid who, TerminatedReason why) {
    Entry e = null;
    for (Map.Entry<String, Entry> candidate : byTarget.entrySet()) {
      if (candidate.getValue().watcherId().equals(localId) && byTarget.remove(candidate.getKey(), candidate.getValue())) {
        e = candidate.getValue();
        break;
      }
    }
    if (e == null) e = byTarget.remove(addressing.targetId(who));
    if (e == null) {
      log.debug("Terminated for {} that nobody here watches", who);
      return;
    }
    notify(e, why);
  }

  /** Whether {@code localId} names one of this book's watchers. */
  static boolean isWatcherId(String localId) {
    return localId.equals(WATCHER_ID) || localId.startsWith(WATCHER_ID + "/");
  }

  /** After a reconnect: the gateway forgot the watches of the old stream. */
  void resendAll() {
    for (Entry e : byTarget.values()) sendWatch(e);
  }

  /** The connection is lost: every watch reports AddressTerminated. */
  void lost() {
    List<Entry> all = new ArrayList<>(byTarget.values());
    byTarget.clear();
    for (Entry e : all) notify(e, TerminatedReason.ADDRESS_TERMINATED);
  }

  int size() {
    return byTarget.size();
  }

  private void sendWatch(Entry e) {
    if (e == null) return;
    outbox.send(e.watchee(), actor.Actor.Watch.newBuilder().setWatcher(PidCodec.toProto(addressing.local(e.watcherId()))).build(), null);
  }

  private static void notify(Entry e, TerminatedReason why) {
    for (RemoteWatcher w : e.watchers()) {
      try {
        w.terminated(e.watchee(), why);
      } catch (RuntimeException ex) {
        log.warn("a watcher of {} failed", e.watchee(), ex);
      }
    }
  }
}
