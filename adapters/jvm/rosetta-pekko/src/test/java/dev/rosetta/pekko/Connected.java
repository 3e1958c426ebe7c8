package dev.rosetta.pekko;

import dev.rosetta.jvm.RosettaConfig;
import dev.rosetta.testkit.GatewayProcess;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Test helpers: an ActorTestKit whose system is connected to a real gateway, asks through proxies, an exposed JVM echo. */
final class Connected {
  static final Duration WAIT = Duration.ofSeconds(15);
  /**
   * "pekko" or "akka": the last segment of this package. The Akka binding's tests are generated from
   * these at build time (rosetta-akka/pom.xml), so names that should tell the two apart derive from it.
   */
  static final String LIBRARY = Connected.class.getPackageName().substring(Connected.class.getPackageName().lastIndexOf('.') + 1);

  private Connected() {}

  static String memberId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** {@code <library>-<what>}, e.g. "pekko-ts" or "akka-ts". */
  static String named(String what) {
    return LIBRARY + "-" + what;
  }

  static RosettaConfig.Builder config(GatewayProcess gw, String token, String memberId) {
    return RosettaConfig.builder(gw.grpcAddress()).token(token).memberId(memberId);
  }

  /** A test kit whose system's Rosetta extension completed its handshake. */
  static ActorTestKit kit(RosettaConfig config) throws Exception {
    ActorTestKit kit = ActorTestKit.create(config.memberId().replaceAll("[^A-Za-z0-9-]", "-"));
    try {
      Rosetta.get(kit.system()).connect(config).toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return kit;
    } catch (Exception e) {
      kit.shutdownTestKit();
      throw e;
    }
  }

  /** {@code AskPattern.ask} through a proxy, as application code does it. */
  static CompletionStage<Object> ask(ActorTestKit kit, ActorRef<Object> proxy, Object message) {
    return AskPattern.ask(proxy, replyTo -> new Request(message, replyTo), Duration.ofSeconds(10), kit.system().scheduler());
  }

  /** An exposed JVM actor: answers "jvm:<text>". */
  static Behavior<Envelope> jvmEcho() {
    return Behaviors.receive(Envelope.class)
        .onMessage(Envelope.class, env -> {
          env.reply("jvm:" + env.message());
          return Behaviors.same();
        })
        .build();
  }

  /** Spawns a {@link #jvmEcho} in {@code kit} and exposes it as {@code name}; returns the actor. */
  static ActorRef<Envelope> exposeEcho(ActorTestKit kit, String name) throws Exception {
    ActorRef<Envelope> ref = kit.spawn(jvmEcho());
    await(Rosetta.get(kit.system()).expose(name, ref));
    return ref;
  }

  /** What the TS {@code requester} actor got when it requested {@code name} with {@code text} ("error: …" for a failure). */
  static String viaRequester(ActorTestKit kit, String name, String text) throws Exception {
    return (String) await(ask(kit, Rosetta.get(kit.system()).refFor("requester"), name + "|" + text));
  }

  static Object await(CompletionStage<?> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
