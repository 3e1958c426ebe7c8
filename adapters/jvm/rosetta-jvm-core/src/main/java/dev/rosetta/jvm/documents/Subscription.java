package dev.rosetta.jvm.documents;

import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.client.RosettaClient;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.protocol.v1.CrdtChanged;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live subscription ({@link Documents#subscribe}): a subscriber actor this client hosts
 * ({@code $client/<member>/crdt$<n>}) whose {@code CrdtChanged} messages reach the listener as
 * {@link Changed}. The gateway forgets it when the client's stream ends; after a reconnect it is
 * made again under a fresh PID (so a late end-of-session signal for the old one cannot drop the new
 * one) and the listener gets a {@link Changed#resync()} event. {@link #unsubscribe()} ends it.
 */
public final class Subscription implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Subscription.class);

  private final Documents documents;
  private final Subscribe what;
  private final ChangeListener listener;
  /** Set once, when the subscription starts to end; {@link #closed} completes after the bookkeeping. */
  private final AtomicBoolean ending = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  /** Keys of the structure seen present (inbound thread only): what a resync may report removed. */
  private final Set<String> known = new HashSet<>();
  private volatile String localId;
  /** The PID being subscribed (accepted before its reply is read: changes may follow the reply at once). */
  private volatile String opening;

  Subscription(Documents documents, Subscribe what, ChangeListener listener) {
    this.documents = documents;
    this.what = what;
    this.listener = listener;
  }

  public String document() {
    return what.document();
  }

  public Subscribe subscribe() {
    return what;
  }

  /** The subscriber PID the gateway sends changes to now (it changes after a reconnect). */
  public Pid pid() {
    String id = localId;
    return id == null ? null : client().addressing().local(id);
  }

  public boolean isClosed() {
    return ending.get();
  }

  /** Completes when the subscription has ended (unsubscribed, or not re-established after a reconnect). */
  public CompletableFuture<Void> closed() {
    return closed;
  }

  /** Asks the gateway to stop sending changes; completes with whether it had the subscription. Nothing is delivered after it is called. */
  public CompletableFuture<Boolean> unsubscribe() {
    String id = localId;
    if (!ending.compareAndSet(false, true)) return CompletableFuture.completedFuture(false);
    documents.forget(this);
    closed.complete(null);
    if (id == null) return CompletableFuture.completedFuture(false); // still opening: open() takes it back
    Pid pid = client().addressing().local(id);
    return documents.ask(DocumentRequests.unsubscribe(what.document(), pid))
        .thenApply(DocumentReplies::unsubscribed)
        .whenComplete((removed, err) -> client().unregister(id, false));
  }

  /** {@link #unsubscribe()} without waiting. */
  @Override
  public void close() {
    unsubscribe();
  }

  /**
   * Registers a fresh subscriber PID and subscribes it; the previous PID (if any) goes once the new
   * one is in place. With {@code resync}, the structure's current entries follow as one event.
   */
  CompletableFuture<Subscription> open(boolean resync) {
    String previous = localId;
    String[] mine = new String[1];
    Pid pid = client().registerAnonymous("crdt", (message, sender, headers) -> receive(mine[0], message));
    String id = client().addressing().localIdOf(pid.id());
    mine[0] = id;
    opening = id;
    CompletableFuture<Object> asked;
    try {
      asked = documents.ask(DocumentRequests.subscribe(what, pid));
    } catch (RosettaException e) {
      opening = null;
      client().unregister(id, false);
      return CompletableFuture.failedFuture(e);
    }
    return asked.thenApply(reply -> {
      DocumentReplies.subscribed(reply);
      return this;
    }).whenComplete((s, err) -> {
      opening = null;
      if (err != null) {
        client().unregister(id, false);
      } else if (ending.get()) {
        // Unsubscribed while this was on its way: the gateway has it now, so take it back.
        documents.ask(DocumentRequests.unsubscribe(what.document(), pid)).whenComplete((r, e) -> client().unregister(id, false));
      } else {
        localId = id;
        if (previous != null) client().unregister(previous, false);
      }
    }).thenCompose(s -> resync && !what.name().isEmpty() && !ending.get() ? resync() : CompletableFuture.completedFuture(s));
  }

  /** After a reconnect: every current entry, and the known keys that are gone, as one event. */
  private CompletableFuture<Subscription> resync() {
    return documents.get(what.document(), what.name(), what.structure(), List.of()).thenApply(e -> {
      // Completed on the inbound thread in stream order: changes after this read arrive after it.
      if (ending.get()) return this;
      List<String> removed = new ArrayList<>();
      for (String k : known) if (!e.values().containsKey(k)) removed.add(k);
      known.clear();
      known.addAll(e.values().keySet());
      listener.changed(new Changed(what.document(), what.name(), e.values(), List.copyOf(removed), new byte[0], 0, true));
      return this;
    });
  }

  /** After a reconnect the subscription (or its resync) could not be made again: it ends here and at the gateway. */
  void failed(RosettaException error) {
    if (!ending.compareAndSet(false, true)) return;
    documents.forget(this);
    closed.complete(null);
    String id = localId;
    if (id != null) {
      // The gateway may hold the new PID's subscription (when only the resync failed): take it back.
      CompletableFuture<Object> back;
      try {
        back = documents.ask(DocumentRequests.unsubscribe(what.document(), client().addressing().local(id)));
      } catch (RosettaException e) {
        back = CompletableFuture.failedFuture(e);
      }
      back.whenComplete((r, e) -> client().unregister(id, false));
    }
    log.warn("subscription to {} ended: {}", what.document(), error.toString());
    listener.failed(error);
  }

  private void receive(String viaLocalId, Object message) {
    if (ending.get() || !(viaLocalId.equals(localId) || viaLocalId.equals(opening))) return; // a PID this subscription left behind
    if (message instanceof CrdtChanged c) {
      Changed change = DocumentReplies.changed(c);
      known.addAll(change.entries().keySet());
      change.removed().forEach(known::remove);
      listener.changed(change);
    } else if (message instanceof RosettaException e) {
      log.warn("subscription to {} got an error: {}", what.document(), e.toString());
    } else {
      log.debug("subscription to {} ignored a {}", what.document(), message == null ? "null" : message.getClass().getName());
    }
  }

  private RosettaClient client() {
    return documents.client();
  }
}
