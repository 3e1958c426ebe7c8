package dev.rosetta.akka;

import dev.rosetta.jvm.RosettaConfig;
import dev.rosetta.testkit.GatewayProcess;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;

/** Test helpers: an ActorTestKit whose system is connected to a real gateway, and asks through proxies. */
final class Connected {
  static final Duration WAIT = Duration.ofSeconds(15);

  private Connected() {}

  static String memberId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
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

  static Object await(CompletionStage<?> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
