package dev.rosetta.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real gateway: {@code node <repo>/bin/rosetta.mjs dev --grpc-port 0 --ws-port 0 --auth --data-dir <tmp>}
 * on free ports, ready once it printed its {@code listening} line. Tokens for other tenants come from
 * {@code rosetta token create} on the same data directory.
 *
 * <pre>{@code
 * try (GatewayProcess gw = GatewayProcess.start()) {
 *   String target = gw.grpcAddress();   // "127.0.0.1:NNN", also the gateway's advertised address
 *   String jwt = gw.devToken();         // tenant "dev"
 * }
 * }</pre>
 */
public final class GatewayProcess extends LineProcess {
  private final Path dataDir;
  private String grpcAddress;
  private String devToken;
  private String wsUrl;

  private GatewayProcess(List<String> command, Path dataDir) throws IOException {
    super("gateway", command);
    this.dataDir = dataDir;
  }

  /** Starts a gateway with {@code --auth} and the given extra arguments (e.g. {@code --peer 127.0.0.1:9001=v2024}). */
  public static GatewayProcess start(String... extraArgs) throws Exception {
    Path dataDir = Files.createTempDirectory("rosetta-jvm-test-");
    List<String> cmd = new ArrayList<>(List.of(RepoPaths.node(), RepoPaths.rosettaBin().toString(), "dev", "--grpc-port", "0", "--ws-port", "0",
        "--auth", "--data-dir", dataDir.toString()));
    cmd.addAll(List.of(extraArgs));
    GatewayProcess gw = new GatewayProcess(cmd, dataDir);
    JsonNode e = awaitReady(gw, x -> "listening".equals(x.path("event").asText()), "gateway listening");
    gw.grpcAddress = e.path("grpc").asText();
    gw.devToken = e.path("devToken").asText();
    gw.wsUrl = e.path("ws").asText();
    return gw;
  }

  /** host:port of the gRPC remoting endpoint, which is also the gateway's advertised address. */
  public String grpcAddress() {
    return grpcAddress;
  }

  /** {@code ws://host:port}: the WebSocket endpoint (sessions at the root, documents under {@link #yjsUrl()}). */
  public String wsUrl() {
    return wsUrl;
  }

  /** The stock y-websocket endpoint: a provider syncs room {@code <name>} at {@code <yjsUrl>/<name>?token=…}. */
  public String yjsUrl() {
    return wsUrl + "/yjs";
  }

  /** A token for tenant {@code dev}, subject {@code developer}. */
  public String devToken() {
    return devToken;
  }

  /** A token from the embedded issuer: {@code rosetta token create --tenant … --sub …} plus {@code extraArgs}. */
  public String token(String tenant, String subject, String... extraArgs) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(RepoPaths.node(), RepoPaths.rosettaBin().toString(), "token", "create", "--tenant", tenant, "--sub", subject,
        "--json", "--data-dir", dataDir.toString()));
    cmd.addAll(List.of(extraArgs));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = readAll(p.getInputStream()).trim();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("rosetta token create failed: " + out);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(out).path("token").asText();
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return b.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    super.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
