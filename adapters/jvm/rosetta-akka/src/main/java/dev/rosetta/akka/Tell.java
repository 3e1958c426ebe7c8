package dev.rosetta.akka;

import java.util.Map;
import akka.actor.typed.ActorRef;

/**
 * A tell through a proxy that names where answers go: the remote actor sees {@code replyTo} as its
 * sender (a {@code $client/<member>/…} PID) and its replies arrive there as {@link Envelope}s.
 * A plain {@code proxy.tell(message)} sends with no sender.
 */
public record Tell(Object message, ActorRef<Envelope> replyTo, Map<String, String> headers) {
  public Tell(Object message, ActorRef<Envelope> replyTo) {
    this(message, replyTo, Map.of());
  }
}
