package dev.rosetta.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.jvm.RosettaConfig;
import dev.rosetta.pekko.Envelope;
import dev.rosetta.pekko.Request;
import dev.rosetta.pekko.Rosetta;
import dev.rosetta.testkit.GatewayProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Benchmark: Pekko actors through a Rosetta gateway, next to JVM→JVM through the gateway and a
 * Pekko-local ask, in one run. Prints a table and, last, one JSON line (medians of the runs).
 *
 * <pre>
 * java -cp 'adapters/jvm/rosetta-jvm-bench/target/classes:adapters/jvm/rosetta-jvm-bench/target/lib/*' dev.rosetta.bench.JvmBench \
 *     [--gateway 127.0.0.1:8090 --token JWT] [--count 20000] [--tells 500000] [--runs 5]
 * </pre>
 * Without {@code --gateway} it starts a {@code rosetta dev} gateway process of its own.
 */
public final class JvmBench {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  public static void main(String[] args) throws Exception {
    Map<String, String> a = parse(args);
    int count = Integer.parseInt(a.getOrDefault("count", "20000"));
    int tells = Integer.parseInt(a.getOrDefault("tells", "500000"));
    int runs = Integer.parseInt(a.getOrDefault("runs", "5"));
    GatewayProcess own = a.containsKey("gateway") ? null : GatewayProcess.start();
    String gateway = own == null ? a.get("gateway") : own.grpcAddress();
    String token = own == null ? a.getOrDefault("token", "") : own.devToken();
    ActorSystem<Void> sysA = ActorSystem.create(Behaviors.empty(), "bench-a");
    ActorSystem<Void> sysB = ActorSystem.create(Behaviors.empty(), "bench-b");
    try {
      Rosetta ra = Rosetta.get(sysA);
      Rosetta rb = Rosetta.get(sysB);
      ra.connect(RosettaConfig.builder(gateway).token(token).memberId("bench-a").maxQueuedEnvelopes(4_000_000).build()).toCompletableFuture().get();
      rb.connect(RosettaConfig.builder(gateway).token(token).memberId("bench-b").build()).toCompletableFuture().get();
      rb.expose("jvm-echo", sysB.systemActorOf(jvmEcho(), "jvm-echo", org.apache.pekko.actor.typed.Props.empty())).toCompletableFuture().get();
      ActorRef<Object> tsEcho = ra.refFor("echo");
      ActorRef<Object> jvmEcho = ra.refFor("jvm-echo");
      ActorRef<Object> sink = ra.refFor("sink");
      ActorRef<Object> localEcho = sysA.systemActorOf(localEcho(), "local-echo", org.apache.pekko.actor.typed.Props.empty());

      Function<ActorRef<Object>, java.util.function.Supplier<java.util.concurrent.CompletionStage<?>>> viaProxy =
          ref -> () -> AskPattern.ask(ref, r -> new Request("ping", r), TIMEOUT, sysA.scheduler());
      Function<ActorRef<Object>, java.util.function.Supplier<java.util.concurrent.CompletionStage<?>>> viaProxyTimed =
          ref -> () -> AskPattern.ask(ref, r -> new Request("ping", r, TIMEOUT), TIMEOUT, sysA.scheduler());
      var direct = (java.util.function.Supplier<java.util.concurrent.CompletionStage<?>>) () -> ra.ask(ra.gatewayPid("echo"), "ping", TIMEOUT);

      // Warm-up: JIT, connections, the gateway's own paths.
      AskLoop.run(viaProxy.apply(tsEcho), count / 2, 100);
      AskLoop.run(viaProxy.apply(jvmEcho), count / 2, 100);
      AskLoop.run(viaProxy.apply(localEcho), count, 100);
      AskLoop.run(direct, count / 2, 1);
      tellRun(ra, sink, tells / 5, 0);

      Map<String, List<Latencies.Summary>> results = new java.util.LinkedHashMap<>();
      List<Double> tellRates = new ArrayList<>();
      long sunk = tells / 5;
      for (int i = 0; i < runs; i++) {
        put(results, "jvm-ts-1", AskLoop.run(viaProxy.apply(tsEcho), count / 4, 1));
        put(results, "jvm-ts-100", AskLoop.run(viaProxy.apply(tsEcho), count, 100));
        put(results, "jvm-ts-timed-100", AskLoop.run(viaProxyTimed.apply(tsEcho), count, 100));
        put(results, "jvm-ts-direct-1", AskLoop.run(direct, count / 4, 1));
        put(results, "jvm-ts-direct-100", AskLoop.run(direct, count * 2, 100));
        put(results, "jvm-jvm-1", AskLoop.run(viaProxy.apply(jvmEcho), count / 4, 1));
        put(results, "jvm-jvm-100", AskLoop.run(viaProxy.apply(jvmEcho), count, 100));
        put(results, "local-1", AskLoop.run(viaProxy.apply(localEcho), count, 1));
        put(results, "local-100", AskLoop.run(viaProxy.apply(localEcho), count * 5, 100));
        tellRates.add(tellRun(ra, sink, tells, sunk));
        sunk += tells;
      }
      ObjectNode out = new ObjectMapper().createObjectNode();
      out.put("bench", "jvm").put("runs", runs).put("count", count).put("tells", tells).put("java", System.getProperty("java.version"));
      for (Map.Entry<String, List<Latencies.Summary>> e : results.entrySet()) {
        ObjectNode o = out.putObject(e.getKey());
        o.put("p50us", median(e.getValue(), Latencies.Summary::p50us));
        o.put("p99us", median(e.getValue(), Latencies.Summary::p99us));
        o.put("asksPerSec", median(e.getValue(), Latencies.Summary::perSecond));
        System.out.printf("%-16s p50 %8.1f µs   p99 %8.1f µs   %10.0f asks/s%n", e.getKey(), o.get("p50us").asDouble(), o.get("p99us").asDouble(), o.get("asksPerSec").asDouble());
      }
      tellRates.sort(Comparator.naturalOrder());
      out.put("tellsPerSec", tellRates.get(tellRates.size() / 2));
      System.out.printf("%-16s %10.0f msg/s (one stream, through a proxy, until the TS sink counted them)%n", "jvm-ts-tell", tellRates.get(tellRates.size() / 2));
      System.out.println(out);
    } finally {
      sysA.terminate();
      sysB.terminate();
      sysA.getWhenTerminated().toCompletableFuture().get();
      sysB.getWhenTerminated().toCompletableFuture().get();
      if (own != null) own.close();
    }
  }

  /** {@code n} tells to the TS sink; timed until the sink (asked "report") has counted them all. */
  private static double tellRun(Rosetta ra, ActorRef<Object> sink, int n, long base) throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) sink.tell(Long.toString(base + i));
    String want = "count=" + (base + n) + " ";
    for (;;) {
      String r = (String) ra.ask(ra.gatewayPid("sink"), "report", TIMEOUT).toCompletableFuture().get();
      if (r.startsWith(want)) break;
      Thread.sleep(5);
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private static void put(Map<String, List<Latencies.Summary>> m, String k, Latencies.Summary s) {
    m.computeIfAbsent(k, x -> new ArrayList<>()).add(s);
  }

  private static double median(List<Latencies.Summary> xs, java.util.function.ToDoubleFunction<Latencies.Summary> f) {
    double[] v = xs.stream().mapToDouble(f).sorted().toArray();
    return v[(v.length - 1) / 2];
  }

  static Behavior<Envelope> jvmEcho() {
    return Behaviors.receive(Envelope.class).onMessage(Envelope.class, env -> {
      env.reply(env.message());
      return Behaviors.same();
    }).build();
  }

  /** The Pekko-local baseline: answers a Request as a proxy would, without leaving the JVM. */
  static Behavior<Object> localEcho() {
    return Behaviors.receive(Object.class).onMessage(Request.class, r -> {
      r.replyTo().tell(r.message());
      return Behaviors.same();
    }).build();
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + args[i]);
      m.put(args[i].substring(2), args[i + 1]);
    }
    return m;
  }
}
