package dev.rosetta.pekko;

import com.typesafe.config.Config;
import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.RosettaConfig;
import dev.rosetta.jvm.client.RosettaClient;
import dev.rosetta.jvm.documents.ChangeListener;
import dev.rosetta.jvm.documents.Changed;
import dev.rosetta.jvm.documents.Documents;
import dev.rosetta.jvm.documents.Subscribe;
import dev.rosetta.jvm.documents.Subscription;
import dev.rosetta.jvm.errors.FailedPreconditionException;
import dev.rosetta.jvm.errors.RosettaException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;

/**
 * The Rosetta extension of an actor system: it owns the system's connection to a gateway and
 * presents Rosetta PIDs as local proxy {@code ActorRef}s.
 *
 * <pre>{@code
 * Rosetta rosetta = Rosetta.get(system);
 * rosetta.connect(RosettaConfig.builder("127.0.0.1:8090").token(jwt).memberId("orders-jvm").build()).toCompletableFuture().join();
 * ActorRef<Object> echo = rosetta.refFor("echo");           // tell, ask (Request), watch as any ActorRef
 * rosetta.expose("pricing", pricingRef);                    // TS and Go reach it as PID{gateway, "pricing"}
 * rosetta.subscribe(Subscribe.of("cart/42", "items", Structure.KV), changedRef);  // Changed messages
 * }</pre>
 *
 * Configured instead by {@code rosetta.gateway}, {@code rosetta.token} and {@code rosetta.member-id}
 * in the system's config, it connects when first used.
 */
public final class Rosetta implements Extension {
  private final ActorSystem<?> system;
  private final Map<Pid, ActorRef<Object>> proxies = new ConcurrentHashMap<>();
  private final Map<ActorRef<?>, Pid> localPids = new ConcurrentHashMap<>();
  private final AtomicLong names = new AtomicLong();
  private volatile RosettaClient client;
  private volatile CompletableFuture<Void> connected;
  private volatile ActorRef<Object> keeper;
  private volatile StoppedProxies stoppedProxies;

  private Rosetta(ActorSystem<?> system) {
    this.system = system;
    Config c = system.settings().config();
    if (c.hasPath("rosetta.gateway")) {
      RosettaConfig.Builder b = RosettaConfig.builder(c.getString("rosetta.gateway"));
      if (c.hasPath("rosetta.token")) b.token(c.getString("rosetta.token"));
      if (c.hasPath("rosetta.member-id")) b.memberId(c.getString("rosetta.member-id"));
      connect(b.build());
    }
    system.getWhenTerminated().thenRun(this::close);
  }

  /** The extension of {@code system} (one per system). */
  public static Rosetta get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** Connects this system to a gateway; completes on the handshake (fails e.g. with {@code UnauthenticatedException} for a bad token). */
  public synchronized CompletionStage<Void> connect(RosettaConfig config) {
    if (client != null) return connected;
    RosettaClient c = RosettaClient.create(config);
    keeper = system.systemActorOf(Keeper.create(), "rosetta-keeper", Props.empty());
    stoppedProxies = StoppedProxies.start(system, this);
    client = c; // last: refFor and pidOf may run as soon as client() answers
    connected = c.connect();
    return connected;
  }

  /** The connection (tell, ask, watch, names without actors). */
  public RosettaClient client() {
    RosettaClient c = client;
    if (c == null) throw new FailedPreconditionException("Rosetta is not connected: call connect(config) or set rosetta.gateway");
    return c;
  }

  /** The first handshake, as returned by {@link #connect}. */
  public CompletionStage<Void> connected() {
    client();
    return connected;
  }

  /** The PID of an actor (or name) at the gateway. */
  public Pid gatewayPid(String id) {
    return client().gatewayPid(id);
  }

  /** The proxy of an actor (or name) at the gateway, e.g. {@code refFor("echo")}, {@code refFor("counter/42")}. */
  public ActorRef<Object> refFor(String id) {
    return refFor(gatewayPid(id));
  }

  /** The local proxy for {@code pid}: one per PID while it lives; it stops when the PID's actor does. */
  public ActorRef<Object> refFor(Pid pid) {
    RosettaClient c = client();
    Pid key = new Pid(pid.address().isEmpty() ? c.addressing().gatewayAddress() : pid.address(), pid.id(), pid.requestId());
    return proxies.computeIfAbsent(key, k -> system.systemActorOf(Proxy.create(this, k), "rosetta-proxy-" + names.incrementAndGet(), Props.empty()));
  }

  /**
   * Registers {@code name} for {@code ref} at the gateway (in the token's tenant): TS and Go address
   * it as {@code PID{gateway, name}}. The name goes when the actor terminates, and is registered
   * again after a reconnect. Completes with that PID, or fails (e.g. {@code AlreadyExistsException}).
   */
  public CompletionStage<Pid> expose(String name, ActorRef<Envelope> ref) {
    Pid pid = pidOf(ref);
    return client().registerName(name, client().addressing().localIdOf(pid.id()));
  }

  /** This client's PID for a local actor ({@code $client/<member>/…}); messages to it arrive as {@link Envelope}s. */
  public Pid pidOf(ActorRef<Envelope> ref) {
    return localPids.computeIfAbsent(ref, r -> {
      Pid p = client().registerAnonymous("a", (message, sender, headers) -> ref.tell(new Envelope(message, sender, headers, this)));
      String localId = client().addressing().localIdOf(p.id());
      keeper.tell(new Keeper.Track(ref, () -> localGone(ref, localId)));
      return p;
    });
  }

  /** Replicated documents of the token's tenant (get, set, delete, subscribe a listener): {@link RosettaClient#documents()}. */
  public Documents documents() {
    return client().documents();
  }

  /**
   * Subscribes an actor to a document: it receives every change as a {@link Changed} message (a
   * {@link Changed#resync()} one after a reconnect) until the subscription is closed or the actor
   * terminates. Completes once the gateway has the subscription; fails with a typed exception (e.g.
   * {@code PermissionDeniedException} read-denied). With a message adapter any actor can take them:
   * {@code rosetta.subscribe(what, ctx.messageAdapter(Changed.class, CartChanged::new))}.
   */
  public CompletionStage<Subscription> subscribe(Subscribe what, ActorRef<Changed> subscriber) {
    return documents().subscribe(what, new ChangeListener() {
      @Override
      public void changed(Changed change) {
        subscriber.tell(change);
      }

      @Override
      public void failed(RosettaException error) {
        system.log().warn("the subscription of {} to {} ended: {}", subscriber, what.document(), error.toString());
      }
    }).thenApply(sub -> {
      Runnable release = sub::close;
      keeper.tell(new Keeper.Track(subscriber, release));
      sub.closed().thenRun(() -> keeper.tell(new Keeper.Untrack(subscriber, release)));
      return sub;
    });
  }

  public void tell(Pid target, Object message) {
    client().tell(target, message, null, null);
  }

  public CompletionStage<Object> ask(Pid target, Object message, Duration timeout) {
    return client().ask(target, message, timeout, null);
  }

  /** Opens a new stream (e.g. after the token supplier has a new token); proxies and names carry over. */
  public void reconnect() {
    client().reconnect();
  }

  ActorRef<Object> senderRef(Pid sender) {
    String last = sender.id().substring(sender.id().lastIndexOf('/') + 1);
    boolean pending = sender.requestId() != 0 || last.startsWith("future$") || last.startsWith("ask$");
    if (!pending) return refFor(sender);
    return system.systemActorOf(ReplyProxy.create(this, sender, client().config().defaultAskTimeout()), "rosetta-reply-" + names.incrementAndGet(), Props.empty());
  }

  StoppedProxies stoppedProxies() {
    return stoppedProxies;
  }

  void forgetProxy(Pid pid, ActorRef<Object> proxy) {
    proxies.remove(pid, proxy);
  }

  void localGone(ActorRef<?> ref, String localId) {
    localPids.remove(ref);
    client().unregister(localId, true);
  }

  private void close() {
    RosettaClient c = client;
    if (c != null) c.close();
  }

  /** The extension's id. */
  public static final class Id extends ExtensionId<Rosetta> {
    static final Id INSTANCE = new Id();

    private Id() {}

    @Override
    public Rosetta createExtension(ActorSystem<?> system) {
      return new Rosetta(system);
    }

    public static Id getInstance() {
      return INSTANCE;
    }
  }
}
