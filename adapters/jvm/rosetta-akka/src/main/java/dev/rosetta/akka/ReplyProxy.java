package dev.rosetta.akka;

import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.errors.RosettaException;
import java.time.Duration;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;

/**
 * The sender of a pending request ({@code future$…}, {@code ask$…}) as an {@code ActorRef}: it forwards
 * the one reply and stops (or stops after {@code ttl}), without the watch a full {@link Proxy} keeps.
 */
final class ReplyProxy {
  private ReplyProxy() {}

  private enum Expired { INSTANCE }

  static Behavior<Object> create(Rosetta rosetta, Pid pid, Duration ttl) {
    return Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Expired.INSTANCE, ttl);
      return Behaviors.receive(Object.class)
          .onMessageEquals(Expired.INSTANCE, Behaviors::stopped)
          .onAnyMessage(m -> {
            try {
              rosetta.client().tell(pid, m, null, null);
            } catch (RosettaException e) {
              org.slf4j.LoggerFactory.getLogger(ReplyProxy.class).warn("a reply to {} cannot be sent: {}", pid, e.getMessage());
            }
            return Behaviors.stopped();
          })
          .build();
    });
  }
}
