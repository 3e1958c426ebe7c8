package dev.rosetta.akka;

import java.time.Duration;
import java.util.Map;
import akka.actor.typed.ActorRef;

/**
 * An ask through a proxy: the proxy sends {@code message} with a temporary PID
 * ({@code $client/<member>/ask$<n>}) as sender and tells {@code replyTo} the reply, or a
 * {@code akka.actor.Status.Failure} carrying the typed error (which fails an ask's future).
 * Without a {@code timeout} the temporary PID lives as long as {@code replyTo} (an ask's promise ref
 * stops at its own timeout).
 *
 * <pre>{@code
 * CompletionStage<Object> reply = AskPattern.ask(echo, replyTo -> new Request("hi", replyTo), Duration.ofSeconds(3), system.scheduler());
 * }</pre>
 */
public record Request(Object message, ActorRef<Object> replyTo, Duration timeout, Map<String, String> headers) {
  public Request(Object message, ActorRef<Object> replyTo) {
    this(message, replyTo, null, Map.of());
  }

  public Request(Object message, ActorRef<Object> replyTo, Duration timeout) {
    this(message, replyTo, timeout, Map.of());
  }
}
