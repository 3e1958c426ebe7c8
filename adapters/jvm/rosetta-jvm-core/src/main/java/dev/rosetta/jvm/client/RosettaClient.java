package dev.rosetta.jvm.client;

import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.RosettaConfig;
import dev.rosetta.jvm.documents.Documents;
import dev.rosetta.jvm.errors.AlreadyExistsException;
import dev.rosetta.jvm.errors.InvalidArgumentException;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.jvm.errors.UnavailableException;
import dev.rosetta.jvm.serialization.Serialization;
import dev.rosetta.jvm.serialization.WirePayload;
import dev.rosetta.jvm.transport.ConnectionEvents;
import dev.rosetta.jvm.transport.GatewayConnection;
import dev.rosetta.jvm.wire.PidCodec;
import dev.rosetta.jvm.wire.WireEnvelope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Rosetta client connection with no actor library: tell, ask, watch and names over one gateway
 * stream. The Pekko and Akka bindings are thin layers over this class; everything protocol-shaped
 * lives here once.
 *
 * <pre>{@code
 * try (RosettaClient client = RosettaClient.create(RosettaConfig.builder("127.0.0.1:8090").token(jwt).build())) {
 *   client.connect().join();
 *   Object reply = client.ask(Pid.atGateway("echo"), "hi", Duration.ofSeconds(1)).join();   // "hi"
 * }
 * }</pre>
 *
 * <p>Futures complete on the connection's inbound thread: chain with the {@code *Async} variants
 * for anything slow.
 */
public final class RosettaClient implements AutoCloseable, Outbox {
  private static final Logger log = LoggerFactory.getLogger(RosettaClient.class);

  private final RosettaConfig config;
  private final Addressing addressing;
  private final Serialization serialization;
  private final Map<String, LocalEndpoint> endpoints = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final PendingAsks asks;
  private final WatchBook watches;
  private final LocalWatchers localWatchers = new LocalWatchers();
  private final NameBook names;
  private final InboundDispatcher dispatcher;
  private final GatewayConnection connection;
  private final List<ClientListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong anonymous = new AtomicLong();
  private volatile Documents documents;

  private RosettaClient(RosettaConfig config) {
    this.config = config;
    this.addressing = new Addressing(config.gatewayAddress(), config.memberId());
    this.serialization = new Serialization(config.types(), Serialization.defaultObjectMapper());
    java.util.concurrent.ScheduledThreadPoolExecutor t = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "rosetta-" + config.memberId() + "-asks");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
    this.asks = new PendingAsks(timer);
    this.watches = new WatchBook(addressing, this);
    this.names = new NameBook(addressing, this);
    this.dispatcher = new InboundDispatcher(addressing, serialization, asks, endpoints, watches, localWatchers, this,
        err -> listeners.forEach(l -> l.error(err)));
    this.connection = new GatewayConnection(config, new Events());
  }

  public static RosettaClient create(RosettaConfig config) {
    return new RosettaClient(config);
  }

  /** Opens the stream; completes on the first handshake (fails with e.g. {@code UnauthenticatedException} for a bad token). */
  public CompletableFuture<Void> connect() {
    return connection.start();
  }

  public RosettaConfig config() {
    return config;
  }

  public Addressing addressing() {
    return addressing;
  }

  public Serialization serialization() {
    return serialization;
  }

  public boolean isConnected() {
    return connection.isConnected();
  }

  public void addListener(ClientListener listener) {
    listeners.add(listener);
  }

  /** The PID of an actor at the gateway (a TS actor, a name, another client's actor by its full id). */
  public Pid gatewayPid(String id) {
    return Pid.of(addressing.gatewayAddress(), id);
  }

  /** Routes messages for {@code $client/<member>/<localId>} to {@code endpoint}; returns that PID. */
  public Pid register(String localId, LocalEndpoint endpoint) {
    if (localId.isEmpty() || PendingAsks.isAskId(localId) || WatchBook.isWatcherId(localId)) {
      throw new InvalidArgumentException("'" + localId + "' is not a usable local id");
    }
    if (endpoints.putIfAbsent(localId, endpoint) != null) throw new AlreadyExistsException("local id '" + localId + "' is in use");
    return addressing.local(localId);
  }

  /** Registers {@code endpoint} under a fresh id {@code <prefix>$<n>}. */
  public Pid registerAnonymous(String prefix, LocalEndpoint endpoint) {
    return register(prefix + "$" + Long.toString(anonymous.incrementAndGet(), 36), endpoint);
  }

  /**
   * Removes a local actor's endpoint. With {@code stopped}, watchers hear that it stopped: the
   * gateway (which holds watches of client actors) by {@code actor.Stop} to its PID, and watchers
   * that watched it here by {@code actor.Terminated{Stopped}}; names pointing at it are dropped.
   */
  public void unregister(String localId, boolean stopped) {
    if (endpoints.remove(localId) == null) return;
    names.dropLocal(localId);
    if (!stopped) return;
    Pid self = addressing.local(localId);
    send(self, actor.Actor.Stop.getDefaultInstance(), null);
    for (Pid w : localWatchers.take(localId)) {
      send(w, actor.Actor.Terminated.newBuilder().setWho(PidCodec.toProto(self)).setWhyValue(TerminatedReason.STOPPED.number()).build(), null);
    }
  }

  /**
   * Sends {@code message} to {@code target}; {@code sender} (one of this client's PIDs, or null) is
   * where replies go. Throws {@link InvalidArgumentException} for a message that cannot cross the
   * wire; a full send queue (RESOURCE_EXHAUSTED) or a connection the gateway refused (e.g.
   * UNAUTHENTICATED) is reported to the sender's endpoint — an ask fails with it.
   */
  public void tell(Pid target, Object message, Pid sender, Map<String, String> headers) {
    WirePayload p = serialization.toWire(message);
    WireEnvelope e = new WireEnvelope(addressing.targetId(target), target.requestId(), sender, p.typeName(), p.serializerId(), p.payload(),
        headers == null ? Map.of() : headers);
    RosettaException refused = connection.send(e);
    if (refused != null) undeliverable(e, refused);
  }

  public void tell(Pid target, Object message) {
    tell(target, message, null, null);
  }

  @Override
  public void send(Pid target, Object message, Pid sender) {
    tell(target, message, sender, null);
  }

  /**
   * Asks {@code target}: the reply, or a typed failure — DEADLINE_EXCEEDED after {@code timeout},
   * {@code DeadLetterException} when nobody is there, the {@code rosetta.v1.Error} the gateway or the
   * responder sent, UNAVAILABLE when the stream is lost while waiting, {@code UnknownTypeException}
   * for a reply of a type this client cannot decode.
   */
  public CompletableFuture<Object> ask(Pid target, Object message, Duration timeout, Map<String, String> headers) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    String id = asks.open(f, timeout == null ? config.defaultAskTimeout() : timeout, target.toString());
    try {
      tell(target, message, addressing.local(id), headers);
    } catch (RosettaException e) {
      asks.complete(id, e);
    }
    return f;
  }

  @Override
  public CompletableFuture<Object> ask(Pid target, Object message, Duration timeout) {
    return ask(target, message, timeout, null);
  }

  /** Watches {@code target}: {@code watcher} hears once when it stops, is missing, or the connection is lost. */
  public WatchHandle watch(Pid target, RemoteWatcher watcher) {
    watches.watch(target, watcher);
    return () -> watches.unwatch(target, watcher);
  }

  /** Registers {@code name} at the gateway for the local actor {@code localId}: TS and Go address it as {@code PID{gateway, name}}. */
  public CompletableFuture<Pid> registerName(String name, String localId) {
    return names.register(name, localId);
  }

  public CompletableFuture<Boolean> unregisterName(String name) {
    return names.unregister(name);
  }

  /** Replicated documents of this client's tenant (the {@code $crdt} service): get, set, delete, subscribe. */
  public Documents documents() {
    Documents d = documents;
    if (d != null) return d;
    synchronized (this) {
      if (documents == null) documents = new Documents(this);
      return documents;
    }
  }

  /** Opens a new stream now (e.g. after a token rotation); watches and names are re-established. */
  public void reconnect() {
    connection.reconnect();
  }

  /** Envelopes waiting to be written. */
  public int queued() {
    return connection.queued();
  }

  /** Envelopes received from the gateway and not yet handed to their endpoints: at most one batch (flow control, see the README). */
  public int inboundBacklog() {
    return connection.inboundBacklog();
  }

  @Override
  public void close() {
    connection.close();
    timer.shutdownNow();
  }

  private void undeliverable(WireEnvelope e, RosettaException cause) {
    Pid sender = e.sender();
    String localId = sender == null ? null : addressing.localIdOf(sender.id());
    if (localId == null) {
      log.warn("undeliverable {} to {}: {}", e.typeName(), e.targetId(), cause.getMessage());
      return;
    }
    if (PendingAsks.isAskId(localId)) {
      asks.complete(localId, cause);
      return;
    }
    LocalEndpoint endpoint = endpoints.get(localId);
    if (endpoint != null) endpoint.deliver(cause, null, Map.of());
  }

  /** Connection events, on the inbound thread. */
  private final class Events implements ConnectionEvents {
    @Override
    public void connected(boolean resumed) {
      if (resumed) {
        watches.resendAll();
        names.registerAllAgain();
      }
      listeners.forEach(l -> l.connected(resumed));
    }

    @Override
    public void received(List<WireEnvelope> envelopes) {
      for (WireEnvelope e : envelopes) {
        try {
          dispatcher.dispatch(e);
        } catch (RuntimeException ex) {
          log.error("dispatching a {} to {} failed", e.typeName(), e.targetId(), ex);
        }
      }
    }

    @Override
    public void streamEnded(RosettaException cause, boolean willRetry) {
      // What was in flight on the old stream is lost with it (at most once): its asks fail now.
      asks.failAll(new UnavailableException("the stream to the gateway ended while waiting: " + cause.getMessage(), "stream-ended", Map.of(), cause));
      localWatchers.clear();
      listeners.forEach(l -> l.disconnected(cause, willRetry));
    }

    @Override
    public void lost(RosettaException cause) {
      asks.failAll(cause);
      watches.lost();
      listeners.forEach(l -> l.lost(cause));
    }

    @Override
    public void undeliverable(WireEnvelope envelope, RosettaException cause) {
      RosettaClient.this.undeliverable(envelope, cause);
    }
  }
}
