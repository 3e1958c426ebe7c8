package dev.rosetta.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real protoactor-go program (adapters/go/examples/peer, built for each wire dialect) driven by
 * JSON lines on stdin, as test/helpers/go-peer.ts does: it hosts an {@code echo} actor and
 * answers commands such as {@code {"op":"request","address":…,"id":…,"text":…}}.
 */
public final class GoPeer extends LineProcess {
  private final String dialect;
  private final String address;

  private GoPeer(String dialect, String address, List<String> command) throws IOException {
    super("go-" + dialect, command);
    this.dialect = dialect;
    this.address = address;
  }

  /** A free loopback port (chosen before the peer starts, so the gateway can be told about it). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts the peer listening on {@code 127.0.0.1:port}, dialling the gateway with {@code token}. */
  public static GoPeer start(String dialect, int port, String token) throws Exception {
    String address = "127.0.0.1:" + port;
    List<String> cmd = new ArrayList<>(List.of(RepoPaths.goPeer(dialect).toString(), "--listen", address));
    if (token != null) cmd.addAll(List.of("--token", token));
    GoPeer peer = new GoPeer(dialect, address, cmd);
    awaitReady(peer, e -> "ready".equals(e.path("event").asText()), "go peer " + dialect + " ready");
    return peer;
  }

  public String dialect() {
    return dialect;
  }

  /** The peer's advertised address (its PIDs carry it). */
  public String address() {
    return address;
  }

  /** Sends a command and waits for the event it produces. */
  public JsonNode call(Map<String, ?> command, Predicate<JsonNode> until, Duration timeout) throws Exception {
    // Register the wait before sending so a fast answer cannot be missed (events are kept anyway).
    send(command);
    return next(until, timeout, "reply to " + command);
  }

  /** A request from a Go {@code RequestFuture}; the {@code reply} or {@code error} event. */
  public JsonNode request(String address, String id, String text, Duration timeout) throws Exception {
    return call(Map.of("op", "request", "address", address, "id", id, "text", text, "timeoutMs", timeout.toMillis()),
        e -> e.path("event").asText().equals("reply") || e.path("event").asText().equals("error"), timeout.plusSeconds(5));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        send(Map.of("op", "exit"));
        if (process.waitFor(5, TimeUnit.SECONDS)) return;
      } catch (RuntimeException | InterruptedException ignored) {
        // fall through to a kill
      }
    }
    super.close();
  }
}
