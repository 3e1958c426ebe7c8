package dev.rosetta.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A child process that prints one JSON object per stdout line: wait for the next event matching a
 * predicate (every wait has a deadline), write JSON commands to its stdin. The Java twin of
 * test/helpers/line-process.ts, for real gateway and Go peer processes.
 */
public class LineProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  protected final Process process;
  private final List<JsonNode> events = new ArrayList<>();
  private final List<Boolean> consumed = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private final String name;

  protected LineProcess(String name, List<String> command) throws IOException {
    this.name = name;
    this.process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    Thread out = new Thread(() -> read(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true), name + "-stdout");
    Thread err = new Thread(() -> read(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false), name + "-stderr");
    out.setDaemon(true);
    err.setDaemon(true);
    out.start();
    err.start();
  }

  private void read(BufferedReader r, boolean stdout) {
    try {
      for (String line; (line = r.readLine()) != null; ) {
        if (!stdout) {
          synchronized (stderr) {
            stderr.append(line).append('\n');
            if (stderr.length() > 20_000) stderr.delete(0, stderr.length() - 20_000);
          }
          continue;
        }
        JsonNode e;
        try {
          e = JSON.readTree(line);
        } catch (IOException notJson) {
          continue;
        }
        if (e == null || !e.isObject()) continue;
        synchronized (events) {
          events.add(e);
          consumed.add(false);
          events.notifyAll();
        }
      }
    } catch (IOException ended) {
      // the process is gone
    }
  }

  /** The next not-yet-consumed event matching {@code pred} (already received or future). */
  public JsonNode next(Predicate<JsonNode> pred, Duration timeout, String what) throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long exitSeenAt = 0;
    synchronized (events) {
      for (;;) {
        for (int i = 0; i < events.size(); i++) {
          if (!consumed.get(i) && pred.test(events.get(i))) {
            consumed.set(i, true);
            return events.get(i);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(name + ": timed out after " + timeout.toMillis() + " ms waiting for " + what + "; last events: "
              + events.subList(Math.max(0, events.size() - 5), events.size()) + "; stderr tail: " + stderrTail());
        }
        if (!process.isAlive()) {
          // Lines printed before the exit may still be in the reader: give them a moment, then fail fast.
          if (exitSeenAt == 0) exitSeenAt = System.nanoTime();
          else if (System.nanoTime() - exitSeenAt > 300_000_000L) {
            throw new IllegalStateException(name + " exited (" + process.exitValue() + ") while waiting for " + what + "; stderr tail: " + stderrTail());
          }
          events.wait(50);
          continue;
        }
        events.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Waits up to 30 s for {@code p}'s first event matching {@code ready}; closes {@code p} (and rethrows) when it does not come. */
  protected static JsonNode awaitReady(LineProcess p, Predicate<JsonNode> ready, String what) throws Exception {
    try {
      return p.next(ready, Duration.ofSeconds(30), what);
    } catch (Exception e) {
      p.close();
      throw e;
    }
  }

  public String stderrTail() {
    synchronized (stderr) {
      return stderr.substring(Math.max(0, stderr.length() - 2000));
    }
  }

  /** Writes one JSON command line. */
  public void send(Map<String, ?> command) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((JSON.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new IllegalStateException(name + " is not accepting commands: " + e.getMessage() + "; stderr tail: " + stderrTail(), e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** Waits for the process to exit by itself; its exit code. */
  public int waitForExit(Duration timeout) throws InterruptedException, TimeoutException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw new TimeoutException(name + " did not exit within " + timeout.toMillis() + " ms");
    return process.exitValue();
  }

  /** SIGKILL, and wait for the exit. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then SIGKILL after 5 s. */
  @Override
  public void close() {
    if (!process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
