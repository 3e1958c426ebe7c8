package dev.rosetta.pekko;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Watches the local actors that hold Rosetta resources — a PID (exposed ones, reply addresses), a
 * document subscription — and releases them when the actor terminates: its PID is unregistered
 * (names dropped, watchers told it stopped), its subscriptions end. One watch per actor, whatever
 * it holds (Pekko refuses a second {@code watchWith} of one actor with another message).
 */
final class Keeper {
  private Keeper() {}

  /** Release {@code gone} when {@code ref} terminates. */
  record Track(ActorRef<?> ref, Runnable gone) {}

  /** {@code gone} was released otherwise (e.g. the subscription was closed): forget it. */
  record Untrack(ActorRef<?> ref, Runnable gone) {}

  private record Gone(ActorRef<?> ref) {}

  static Behavior<Object> create() {
    return Behaviors.setup(ctx -> {
      Map<ActorRef<?>, List<Runnable>> held = new HashMap<>();
      return Behaviors.receive(Object.class)
          .onMessage(Track.class, t -> {
            List<Runnable> list = held.get(t.ref());
            if (list == null) {
              held.put(t.ref(), list = new ArrayList<>());
              ctx.watchWith(t.ref(), new Gone(t.ref()));
            }
            list.add(t.gone());
            return Behaviors.same();
          })
          .onMessage(Untrack.class, u -> {
            List<Runnable> list = held.get(u.ref());
            if (list != null && list.remove(u.gone()) && list.isEmpty()) {
              held.remove(u.ref());
              ctx.unwatch(u.ref());
            }
            return Behaviors.same();
          })
          .onMessage(Gone.class, g -> {
            List<Runnable> list = held.remove(g.ref());
            if (list != null) {
              for (Runnable r : list) {
                try {
                  r.run();
                } catch (RuntimeException e) {
                  ctx.getLog().warn("releasing what {} held failed", g.ref(), e);
                }
              }
            }
            return Behaviors.same();
          })
          .build();
    });
  }
}
