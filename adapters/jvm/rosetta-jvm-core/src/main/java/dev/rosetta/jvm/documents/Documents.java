package dev.rosetta.jvm.documents;

import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.client.Addressing;
import dev.rosetta.jvm.client.ClientListener;
import dev.rosetta.jvm.client.RosettaClient;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.jvm.errors.UnavailableException;
import dev.rosetta.protocol.v1.CrdtChanged;
import dev.rosetta.protocol.v1.CrdtGetResponse;
import dev.rosetta.protocol.v1.CrdtSubscribeResponse;
import dev.rosetta.protocol.v1.CrdtUnsubscribeResponse;
import dev.rosetta.protocol.v1.CrdtUpdateResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replicated documents (Yjs, shared with browsers, TS actors and Go clients) through the tenant's
 * {@code $crdt} service, shaped after Akka Distributed Data's Replicator: {@code get} (GetSuccess /
 * NotFound as {@link Entries#found()}, GetFailure as a failed future), {@code set}/{@code delete}/
 * {@link #update} (UpdateSuccess once durable on the gateway's disk; ModifyFailure/StoreFailure as a
 * failed future), {@link #subscribe} (Changed). Failures are the adapter's typed exceptions with the
 * reasons of crdt/PROTOCOL.md §3 ({@link DocumentReasons}): a read-only token's write fails
 * {@code PermissionDeniedException} with reason {@code read-only}.
 *
 * <pre>{@code
 * Documents docs = client.documents();
 * docs.set("cart/42", "items", Structure.KV, "sku-1", 2).join();             // durable when it completes
 * Entries e = docs.get("cart/42", "items", Structure.KV).join();            // e.values(): {sku-1=2}
 * Subscription s = docs.subscribe(Subscribe.of("cart/42", "items", Structure.KV),
 *     change -> System.out.println(change.entries() + " removed " + change.removed())).join();
 * s.unsubscribe().join();
 * }</pre>
 *
 * <p>Futures complete on the connection's inbound thread, listeners are called there too: hand work
 * over, never block.
 */
public final class Documents {
  /** What every view of one client's documents shares: its live subscriptions. */
  private static final class Shared {
    final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    final AtomicLong requestIds = new AtomicLong();
  }

  private final RosettaClient client;
  private final Duration timeout;
  private final Consistency consistency;
  private final Shared shared;
  private final Pid service;

  /** The documents of {@code client}'s tenant; prefer {@link RosettaClient#documents()} (one per client). */
  public Documents(RosettaClient client) {
    this(client, client.config().defaultAskTimeout(), Consistency.LOCAL, new Shared());
    client.config().types().register(CrdtGetResponse.getDefaultInstance()).register(CrdtUpdateResponse.getDefaultInstance())
        .register(CrdtSubscribeResponse.getDefaultInstance()).register(CrdtUnsubscribeResponse.getDefaultInstance())
        .register(CrdtChanged.getDefaultInstance());
    Shared s = shared;
    client.addListener(new ClientListener() {
      @Override
      public void connected(boolean resumed) {
        // The gateway forgot the subscriptions with the old stream: make each again.
        if (!resumed) return;
        for (Subscription sub : s.subscriptions) sub.open(true).whenComplete((x, err) -> {
          if (err != null) sub.failed(asRosetta(err));
        });
      }
    });
  }

  private Documents(RosettaClient client, Duration timeout, Consistency consistency, Shared shared) {
    this.client = client;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.consistency = Objects.requireNonNull(consistency, "consistency");
    this.shared = shared;
    this.service = client.gatewayPid(Addressing.CRDT);
  }

  /** The same documents with another timeout for each request (default: the client's {@code defaultAskTimeout}). */
  public Documents withTimeout(Duration timeout) {
    return new Documents(client, timeout, consistency, shared);
  }

  /** The same documents asking for another consistency; only {@link Consistency#LOCAL} is served (see there). */
  public Documents withConsistency(Consistency consistency) {
    return new Documents(client, timeout, consistency, shared);
  }

  /** The entries of {@code keys} (none: all) of a named MAP or KV. */
  public CompletableFuture<Entries> get(String document, String name, Structure structure, String... keys) {
    return get(document, name, structure, Arrays.asList(keys));
  }

  public CompletableFuture<Entries> get(String document, String name, Structure structure, Collection<String> keys) {
    return call(() -> ask(DocumentRequests.get(document, name, structure, keys, consistency)).thenApply(DocumentReplies::entries));
  }

  /** Sets one entry; completes once durable. */
  public CompletableFuture<Void> set(String document, String name, Structure structure, String key, Object value) {
    return call(() -> update(Update.of(document, name, structure).set(key, value)));
  }

  /** Sets several entries in one change; completes once durable. */
  public CompletableFuture<Void> set(String document, String name, Structure structure, Map<String, ?> values) {
    return call(() -> update(Update.of(document, name, structure).setAll(values)));
  }

  /** Deletes entries in one change (absent keys are no-ops); completes once durable. */
  public CompletableFuture<Void> delete(String document, String name, Structure structure, String... keys) {
    return call(() -> update(Update.of(document, name, structure).delete(keys)));
  }

  /** Applies an {@link Update} as one change; completes once durable. */
  public CompletableFuture<Void> update(Update update) {
    return call(() -> ask(DocumentRequests.update(update, consistency, shared.requestIds.incrementAndGet())).thenAccept(DocumentReplies::updated));
  }

  /** Applies raw Yjs v1 update bytes (e.g. from a yrs replica); completes once durable. */
  public CompletableFuture<Void> applyUpdate(String document, byte[] v1Update) {
    return call(() -> update(Update.raw(document, v1Update)));
  }

  /** The whole document as one Yjs v1 update (what {@code Y.encodeStateAsUpdate} gives). */
  public CompletableFuture<byte[]> state(String document) {
    return call(() -> ask(DocumentRequests.state(document, consistency)).thenApply(DocumentReplies::state));
  }

  /**
   * Subscribes {@code listener} to changes; completes once the gateway has the subscription (every
   * change after that is delivered), or fails (e.g. {@code PermissionDeniedException} read-denied).
   */
  public CompletableFuture<Subscription> subscribe(Subscribe what, ChangeListener listener) {
    Objects.requireNonNull(listener, "listener");
    Subscription s = new Subscription(this, what, listener);
    return call(() -> s.open(false)).whenComplete((sub, err) -> {
      if (err == null && !sub.isClosed()) {
        shared.subscriptions.add(sub);
        if (sub.isClosed()) shared.subscriptions.remove(sub);
      }
    });
  }

  /** Subscriptions live now. */
  public List<Subscription> subscriptions() {
    return List.copyOf(shared.subscriptions);
  }

  RosettaClient client() {
    return client;
  }

  CompletableFuture<Object> ask(Object request) {
    return client.ask(service, request, timeout);
  }

  void forget(Subscription s) {
    shared.subscriptions.remove(s);
  }

  /** Argument errors (thrown while building a request) as a failed future, like every other failure. */
  private static <T> CompletableFuture<T> call(java.util.function.Supplier<CompletableFuture<T>> f) {
    try {
      return f.get();
    } catch (RosettaException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static RosettaException asRosetta(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
    return t instanceof RosettaException r ? r : new UnavailableException("subscribing again failed: " + t, "", Map.of(), t);
  }
}
