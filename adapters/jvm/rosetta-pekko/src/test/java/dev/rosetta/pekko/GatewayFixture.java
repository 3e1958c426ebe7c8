package dev.rosetta.pekko;

import dev.rosetta.jvm.RosettaConfig;
import dev.rosetta.testkit.GatewayProcess;
import dev.rosetta.testkit.GoPeer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real gateway for one test class ({@code @RegisterExtension static final GatewayFixture gw = …}),
 * optionally with real protoactor-go peers it dials and a connected test kit of tenant {@code dev}.
 * Everything started is closed after the class in reverse order: test kits, then peers, then the gateway.
 */
final class GatewayFixture implements BeforeAllCallback, AfterAllCallback {
  private final String devKitName;
  private final List<String> goDialects;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Map<String, GoPeer> goPeers = new LinkedHashMap<>();
  private GatewayProcess process;
  private ActorTestKit kit;

  private GatewayFixture(String devKitName, List<String> goDialects) {
    this.devKitName = devKitName;
    this.goDialects = goDialects;
  }

  /** A gateway alone: the class connects its own kits with {@link #kit(RosettaConfig)}. */
  static GatewayFixture bare() {
    return new GatewayFixture(null, List.of());
  }

  /** A gateway and a connected kit of tenant {@code dev}, member {@code <library>-<what>-<random>}: {@link #kit()}, {@link #rosetta()}. */
  static GatewayFixture withDevKit(String what) {
    return new GatewayFixture(what, List.of());
  }

  /** Also real Go peers of these wire dialects, which the gateway knows as {@code --peer} (see {@link #goPeer}). */
  GatewayFixture andGoPeers(String... dialects) {
    return new GatewayFixture(devKitName, List.of(dialects));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Map<String, Integer> ports = new LinkedHashMap<>();
    List<String> args = new ArrayList<>();
    for (String dialect : goDialects) {
      int port = GoPeer.freePort();
      while (ports.containsValue(port)) port = GoPeer.freePort();
      ports.put(dialect, port);
      args.addAll(List.of("--peer", "127.0.0.1:" + port + "=" + dialect));
    }
    process = GatewayProcess.start(args.toArray(String[]::new));
    started.push(process);
    for (Map.Entry<String, Integer> p : ports.entrySet()) {
      GoPeer peer = GoPeer.start(p.getKey(), p.getValue(), process.devToken());
      started.push(peer);
      goPeers.put(p.getKey(), peer);
    }
    if (devKitName != null) kit = kit(Connected.config(process, process.devToken(), Connected.memberId(Connected.named(devKitName))).build());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    Exception failed = null;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        if (failed == null) failed = e;
        else failed.addSuppressed(e);
      }
    }
    if (failed != null) throw failed;
  }

  /** A test kit whose system is connected with {@code config}; shut down with the fixture. */
  ActorTestKit kit(RosettaConfig config) throws Exception {
    ActorTestKit k = Connected.kit(config);
    started.push(k::shutdownTestKit);
    return k;
  }

  GatewayProcess process() {
    return process;
  }

  /** The kit of tenant {@code dev} ({@link #withDevKit}). */
  ActorTestKit kit() {
    return kit;
  }

  Rosetta rosetta() {
    return Rosetta.get(kit.system());
  }

  GoPeer goPeer(String dialect) {
    return goPeers.get(dialect);
  }
}
