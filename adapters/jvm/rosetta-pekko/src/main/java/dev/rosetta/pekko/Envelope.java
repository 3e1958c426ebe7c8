package dev.rosetta.pekko;

import dev.rosetta.jvm.Pid;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What an exposed JVM actor receives from TS, Go or another client: the message, who sent it, and
 * the envelope headers (W3C {@code traceparent} passes through). {@link #reply} answers the sender
 * — a request from a Go {@code RequestFuture} or a TS {@code requestFuture} completes with it.
 *
 * <pre>{@code
 * Behaviors.receive(Envelope.class)
 *     .onMessage(Envelope.class, env -> { env.reply("pong: " + env.message()); return Behaviors.same(); })
 *     .build();
 * }</pre>
 */
public final class Envelope {
  private final Object message;
  private final Pid sender;
  private final Map<String, String> headers;
  private final Rosetta rosetta;
  private volatile ActorRef<Object> senderRef;

  Envelope(Object message, Pid sender, Map<String, String> headers, Rosetta rosetta) {
    this.message = message;
    this.sender = sender;
    this.headers = headers;
    this.rosetta = rosetta;
  }

  /** The decoded message: a String, a protobuf message, a registered JSON type, a byte[], or a RosettaException sent to this actor. */
  public Object message() {
    return message;
  }

  public <T> T messageAs(Class<T> type) {
    return type.cast(message);
  }

  public Optional<Pid> senderPid() {
    return Optional.ofNullable(sender);
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** Answers the sender (no-op when there is none). Sends straight to the wire, no actor in between. */
  public void reply(Object reply) {
    if (sender != null) rosetta.tell(sender, reply);
  }

  /**
   * The sender as an {@code ActorRef}: a proxy (watchable) for an actor, a one-shot reply proxy for a
   * pending request ({@code future$…}, {@code ask$…}). Empty when the message had no sender.
   */
  public Optional<ActorRef<Object>> sender() {
    if (sender == null) return Optional.empty();
    ActorRef<Object> r = senderRef;
    if (r == null) senderRef = r = rosetta.senderRef(sender);
    return Optional.of(r);
  }

  @Override
  public String toString() {
    return "Envelope[" + message + (sender == null ? "" : " from " + sender) + "]";
  }
}
