package dev.rosetta.jvm.client;

import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.wire.PidCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This client's watches of PIDs elsewhere. One {@code actor.Watch} per watched target, whatever the
 * number of local watchers, with the client's watcher PID ({@code $client/<member>/$watcher});
 * {@code actor.Terminated} tells every local watcher once. Re-sent after a reconnect (the gateway
 * drops a client's watches with its stream); all report AddressTerminated when the connection is lost.
 */
final class WatchBook {
  static final String WATCHER_ID = "$watcher";
  private static final Logger log = LoggerFactory.getLogger(WatchBook.class);

  private final Map<String, Entry> byTarget = new ConcurrentHashMap<>();
  private final Addressing addressing;
  private final Outbox outbox;

  private record Entry(Pid watchee, Set<RemoteWatcher> watchers) {}

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
        e = new Entry(w, ConcurrentHashMap.newKeySet());
      }
      e.watchers().add(watcher);
      return e;
    });
    if (first[0]) sendWatch(w);
  }

  void unwatch(Pid watchee, RemoteWatcher watcher) {
    Pid w = watchee.withoutRequestId();
    boolean[] last = {false};
    byTarget.computeIfPresent(addressing.targetId(w), (k, e) -> {
      e.watchers().remove(watcher);
      if (!e.watchers().isEmpty()) return e;
      last[0] = true;
      return null;
    });
    if (last[0]) outbox.send(w, actor.Actor.Unwatch.newBuilder().setWatcher(PidCodec.toProto(addressing.local(WATCHER_ID))).build(), null);
  }

  void terminated(Pid who, TerminatedReason why) {
    Entry e = byTarget.remove(addressing.targetId(who));
    if (e == null) {
      log.debug("Terminated for {} that nobody here watches", who);
      return;
    }
    notify(e, why);
  }

  /** After a reconnect: the gateway forgot the watches of the old stream. */
  void resendAll() {
    for (Entry e : byTarget.values()) sendWatch(e.watchee());
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

  private void sendWatch(Pid watchee) {
    outbox.send(watchee, actor.Actor.Watch.newBuilder().setWatcher(PidCodec.toProto(addressing.local(WATCHER_ID))).build(), null);
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
