package dev.rosetta.pekko;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Watches the local actors that have a Rosetta PID (exposed ones, reply addresses): when one
 * terminates, its PID is unregistered — its names are dropped and its watchers told it stopped.
 */
final class Keeper {
  private Keeper() {}

  record Keep(ActorRef<?> ref, String localId) {}

  private record Gone(ActorRef<?> ref, String localId) {}

  static Behavior<Object> create(Rosetta rosetta) {
    return Behaviors.setup(ctx -> Behaviors.receive(Object.class)
        .onMessage(Keep.class, k -> {
          ctx.watchWith(k.ref(), new Gone(k.ref(), k.localId()));
          return Behaviors.same();
        })
        .onMessage(Gone.class, g -> {
          rosetta.localGone(g.ref(), g.localId());
          return Behaviors.same();
        })
        .build());
  }
}
