package dev.rosetta.pekko;

import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.client.TerminatedReason;
import dev.rosetta.jvm.errors.DeadLetterException;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.jvm.errors.UnavailableException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.Status;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What is sent to a proxy after it stopped: a proxy stops with its remote actor (so that watching it
 * works), but whoever holds its {@code ActorRef} may still ask it — and an ask that races the stop
 * lands there too. Pekko turns such messages into dead letters; left alone, a {@link Request} would
 * wait for its ask timeout and fail untyped. This listener of the system's dead letters answers them
 * as the gone PID would have: a {@link Request} fails at once ({@code Status.Failure} of
 * {@link DeadLetterException} — what the gateway answers for a missing, stopped or unreachable PID — or
 * {@code UnavailableException} when the connection was lost), a {@link Tell}'s {@code replyTo} gets
 * that error as an {@link Envelope} (as a sender with a reply address does from the gateway), and
 * anything else stays a dead letter (Pekko logs it).
 *
 * <p>One case stays Pekko's: {@code AskPattern.ask} of a proxy that has already terminated does not
 * send a usable replyTo — it fails at once with Pekko's own {@code TimeoutException} ("had already
 * been terminated"). Quick, but untyped; a caller that must tell NOT_FOUND apart watches the proxy.
 *
 * <p>A stopped proxy is remembered as long as its {@code ActorRef} is referenced (weak keys): a ref
 * held for an hour still fails fast, and nothing piles up for refs nobody holds.
 */
final class StoppedProxies {
  /**
   * The PID a stopped proxy stood for, why it stopped (null: not because the PID's actor went), and
   * whether this system's own connection was lost then (an AddressTerminated is either that, or the
   * gateway telling that the PID's address cannot be reached).
   */
  private record Gone(Pid pid, TerminatedReason why, boolean connectionLost) {}

  // Keys are the proxies' classic refs: a dead letter names its recipient by that very instance.
  private final Map<org.apache.pekko.actor.ActorRef, Gone> gone = Collections.synchronizedMap(new WeakHashMap<>());

  private final Rosetta rosetta;

  private StoppedProxies(Rosetta rosetta) {
    this.rosetta = rosetta;
  }

  /**
   * Starts the listener in {@code system}. It subscribes through the classic event stream, which does
   * so before returning (the typed {@code EventStream.Subscribe} is a message, so an early dead letter
   * could pass before it).
   */
  static StoppedProxies start(ActorSystem<?> system, Rosetta rosetta) {
    StoppedProxies s = new StoppedProxies(rosetta);
    ActorRef<DeadLetter> listener = system.systemActorOf(s.listener(system.deadLetters(), rosetta), "rosetta-stopped-proxies", Props.empty());
    Adapter.toClassic(system).eventStream().subscribe(Adapter.toClassic(listener), DeadLetter.class);
    return s;
  }

  /**
   * Records that {@code proxy} (for {@code pid}) stops; call it before the proxy's mailbox is drained
   * to dead letters (in its last message, or its {@code PostStop}). The first reason recorded stays.
   */
  void stopping(ActorRef<Object> proxy, Pid pid, TerminatedReason why) {
    boolean connectionLost = why == TerminatedReason.ADDRESS_TERMINATED && !rosetta.client().isConnected();
    gone.putIfAbsent(Adapter.toClassic(proxy), new Gone(pid, why, connectionLost));
  }

  /**
   * The typed error for what is sent to a proxy that stopped: what the gateway answers a request to a
   * missing, stopped or unreachable PID (a dead letter) — unless this system's connection was lost.
   */
  static RosettaException errorFor(Gone gone) {
    Pid pid = gone.pid();
    TerminatedReason why = gone.why();
    if (why == TerminatedReason.ADDRESS_TERMINATED && gone.connectionLost()) {
      return new UnavailableException("the connection to the gateway was lost: " + pid + " cannot be reached through this proxy", "connection-lost", Map.of(), null);
    }
    if (why == TerminatedReason.NOT_FOUND || why == TerminatedReason.STOPPED || why == TerminatedReason.ADDRESS_TERMINATED) return new DeadLetterException(pid);
    return new UnavailableException("the proxy of " + pid + " stopped", "proxy-stopped", Map.of(), null);
  }

  private Behavior<DeadLetter> listener(ActorRef<Object> deadLetters, Rosetta rosetta) {
    return Behaviors.receive(DeadLetter.class)
        .onMessage(DeadLetter.class, d -> {
          Gone g = gone.get(d.recipient());
          if (g == null) return Behaviors.same();
          if (d.message() instanceof Request r) {
            // An AskPattern.ask of a proxy already terminated has failed itself and named deadLetters as replyTo.
            if (!r.replyTo().equals(deadLetters)) r.replyTo().tell(new Status.Failure(errorFor(g)));
          } else if (d.message() instanceof Tell t && t.replyTo() != null) {
            t.replyTo().tell(new Envelope(errorFor(g), null, Map.of(), rosetta));
          }
          return Behaviors.same();
        })
        .build();
  }
}
