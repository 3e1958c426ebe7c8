package dev.rosetta.conformance;

import dev.rosetta.conformance.v1.Pid;
import dev.rosetta.conformance.v1.Received;
import dev.rosetta.conformance.v1.Termination;
import dev.rosetta.conformance.v1.TerminatedReason;
import dev.rosetta.jvm.RosettaConfig;
import dev.rosetta.jvm.client.ClientListener;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.pekko.Envelope;
import dev.rosetta.pekko.Rosetta;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One Pekko actor system connected to the gateway through the Rosetta extension (one client
 * connection, its own member id and token). Hosted actors are exposed under their names; watches
 * are Pekko watches of the extension's proxy refs.
 */
final class Session {
  /** Tells a hosted actor to stop. */
  enum StopCommand { INSTANCE }

  final ActorSystem<Void> system;
  final Rosetta rosetta;
  final Map<String, Recording> recordings = new ConcurrentHashMap<>();
  final Map<String, ActorRef<Object>> hosted = new ConcurrentHashMap<>();
  private int connections;

  private Session(ActorSystem<Void> system) {
    this.system = system;
    this.rosetta = Rosetta.get(system);
  }

  /** Connects; a refusal is thrown as the adapter's RosettaException. */
  static Session open(String gateway, String token, String memberId, long timeoutMs) throws Exception {
    Session s = new Session(ActorSystem.create(Behaviors.empty(), memberId.replaceAll("[^A-Za-z0-9-]", "-")));
    try {
      s.rosetta.connect(RosettaConfig.builder(gateway).token(token).memberId(memberId)
              .connectTimeout(Duration.ofMillis(timeoutMs)).reconnectGrace(Duration.ofSeconds(10)).build())
          .toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
      s.rosetta.client().addListener(new ClientListener() {
        @Override public void connected(boolean resumed) { s.connected(); }
      });
      return s;
    } catch (Exception e) {
      s.close();
      throw e;
    }
  }

  private synchronized void connected() {
    connections++;
    notifyAll();
  }

  /** Opens a new stream as after a network failure and waits until it is up. */
  synchronized boolean reconnect(long waitMs) throws InterruptedException {
    int before = connections;
    rosetta.reconnect();
    long deadline = System.currentTimeMillis() + waitMs;
    while (connections == before) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) return false;
      wait(left);
    }
    return true;
  }

  Recording recording(String name) {
    return recordings.computeIfAbsent(name, n -> new Recording());
  }

  /** Hosts an actor recording Envelopes (answering them when {@code echo}) and exposes it as {@code name}. */
  Pid host(String name, boolean echo) throws Exception {
    Recording rec = recording(name);
    Behavior<Object> behavior = Behaviors.receive(Object.class)
        .onMessage(Envelope.class, env -> {
          String text = env.message() instanceof String s ? s : String.valueOf(env.message());
          Received.Builder r = Received.newBuilder().setText(text);
          if (env.headers() != null) r.putAllHeaders(env.headers());
          env.senderPid().ifPresent(p -> r.setSender(Pid.newBuilder().setAddress(p.address()).setId(p.id())));
          rec.receive(r.build());
          if (echo && env.senderPid().isPresent()) env.reply(text);
          return Behaviors.same();
        })
        .onMessageEquals(StopCommand.INSTANCE, Behaviors::stopped)
        .build();
    ActorRef<Object> ref = system.systemActorOf(behavior, "hosted-" + name, Props.empty());
    hosted.put(name, ref);
    ActorRef<Envelope> envelopes = ref.narrow();
    dev.rosetta.jvm.Pid pid = rosetta.expose(name, envelopes).toCompletableFuture().get(10, TimeUnit.SECONDS);
    return Pid.newBuilder().setAddress(pid.address()).setId(pid.id()).build();
  }

  /** A Pekko watch of the proxy for {@code target}: Terminated carries no reason in Pekko. */
  void watch(dev.rosetta.jvm.Pid target, String name) {
    Recording rec = recording(name);
    ActorRef<Object> proxy = rosetta.refFor(target);
    Behavior<Object> watcher = Behaviors.setup(ctx -> {
      ctx.watch(proxy);
      return Behaviors.receive(Object.class)
          .onSignal(Terminated.class, t -> {
            rec.terminate(Termination.newBuilder()
                .setWho(Pid.newBuilder().setAddress(target.address()).setId(target.id()))
                .setWhy(TerminatedReason.REASON_UNKNOWN).build());
            return Behaviors.stopped();
          })
          .build();
    });
    system.systemActorOf(watcher, "watch-" + name, Props.empty());
  }

  static RosettaException typed(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof RosettaException e) return e;
    return null;
  }

  /**
   * Ends the session as a lost connection: the stream closes first (the gateway tells watchers of
   * its actors AddressTerminated), then the actor system goes. Terminating the system alone would
   * stop the exposed actors one by one first, which watchers hear as Stopped.
   */
  void close() {
    try {
      rosetta.client().close();
    } catch (RuntimeException e) {
      // never connected
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the process goes on; the system is on its way down
    }
  }
}
