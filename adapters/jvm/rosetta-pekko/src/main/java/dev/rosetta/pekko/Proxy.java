package dev.rosetta.pekko;

import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.client.TerminatedReason;
import dev.rosetta.jvm.client.WatchHandle;
import dev.rosetta.jvm.errors.RosettaException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.Status;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The local stand-in for a Rosetta PID: what it is told goes to the PID ({@link Request} asks,
 * {@link Tell} names a reply address, anything else is sent as is). It watches the PID from the
 * start and stops when the PID's actor stops, is missing, or the connection is lost — so
 * {@code context.watch(proxy)} yields {@code Terminated} for the remote actor. What reaches it after
 * that is answered by {@link StoppedProxies} (a request fails at once with the typed error).
 */
final class Proxy {
  private Proxy() {}

  /** The remote actor is gone (from the client's watch). */
  private record RemoteGone(TerminatedReason why) {}

  /** The asker of an ask without its own timeout is gone: its temporary PID goes too. */
  private record AskerGone(CompletableFuture<Object> reply) {}

  static Behavior<Object> create(Rosetta rosetta, Pid pid) {
    return Behaviors.setup(ctx -> {
      WatchHandle watch = rosetta.client().watch(pid, (who, why) -> ctx.getSelf().tell(new RemoteGone(why)));
      return Behaviors.receive(Object.class)
          .onMessage(RemoteGone.class, g -> {
            ctx.getLog().debug("{} is gone ({})", pid, g.why());
            rosetta.stoppedProxies().stopping(ctx.getSelf(), pid, g.why());
            return Behaviors.stopped();
          })
          .onMessage(AskerGone.class, g -> {
            g.reply().cancel(false);
            return Behaviors.same();
          })
          .onMessage(Request.class, r -> {
            ask(ctx, rosetta, pid, r);
            return Behaviors.same();
          })
          .onMessage(Tell.class, t -> {
            send(ctx, rosetta, pid, t.message(), t.replyTo() == null ? null : rosetta.pidOf(t.replyTo()), t.headers());
            return Behaviors.same();
          })
          .onAnyMessage(m -> {
            send(ctx, rosetta, pid, m, null, null);
            return Behaviors.same();
          })
          .onSignal(PostStop.class, s -> {
            watch.cancel();
            rosetta.stoppedProxies().stopping(ctx.getSelf(), pid, null);
            rosetta.forgetProxy(pid, ctx.getSelf());
            return Behaviors.same();
          })
          .build();
    });
  }

  private static void ask(ActorContext<Object> ctx, Rosetta rosetta, Pid pid, Request r) {
    CompletableFuture<Object> reply;
    try {
      reply = rosetta.client().ask(pid, r.message(), r.timeout(), r.headers());
    } catch (RosettaException e) {
      r.replyTo().tell(new Status.Failure(e));
      return;
    }
    if (r.timeout() == null) ctx.watchWith(r.replyTo(), new AskerGone(reply));
    ActorRef<Object> replyTo = r.replyTo();
    reply.whenComplete((v, err) -> {
      if (err == null) replyTo.tell(v);
      else if (!reply.isCancelled()) replyTo.tell(new Status.Failure(err instanceof CompletionException c && c.getCause() != null ? c.getCause() : err));
    });
  }

  private static void send(ActorContext<Object> ctx, Rosetta rosetta, Pid pid, Object m, Pid sender, java.util.Map<String, String> headers) {
    try {
      rosetta.client().tell(pid, m, sender, headers);
    } catch (RosettaException e) {
      ctx.getLog().warn("a {} cannot be sent to {}: {}", m == null ? "null" : m.getClass().getName(), pid, e.getMessage());
    }
  }
}
