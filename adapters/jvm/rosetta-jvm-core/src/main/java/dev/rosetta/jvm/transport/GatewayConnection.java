package dev.rosetta.jvm.transport;

import dev.rosetta.jvm.RosettaConfig;
import dev.rosetta.jvm.errors.CancelledException;
import dev.rosetta.jvm.errors.Errors;
import dev.rosetta.jvm.errors.ResourceExhaustedException;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.jvm.errors.StatusCode;
import dev.rosetta.jvm.errors.UnavailableException;
import dev.rosetta.jvm.wire.BatchDecoder;
import dev.rosetta.jvm.wire.BatchEncoder;
import dev.rosetta.jvm.wire.WireEnvelope;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import remote.Remote.ClientConnection;
import remote.Remote.ConnectRequest;
import remote.Remote.RemoteMessage;
import remote.RemotingGrpc;

/**
 * One client connection to a gateway (PROTOCOL.md §1a): a {@code remote.Remoting/Receive} stream
 * opened with {@code connect_request{client_connection{member_id}}}, re-opened with exponential
 * backoff and jitter when it ends, under the same member id.
 *
 * <p>Flow control both ways: inbound, the stream requests one message at a time and only after
 * {@link ConnectionEvents#received} returned, so a consumer that cannot keep up stops the gateway's
 * writes (HTTP/2 window, then the gateway's bounded send buffer); outbound, batches are written only
 * while gRPC reports the stream ready, into a bounded queue.
 *
 * <p>Threads: gRPC callbacks and every {@link ConnectionEvents} call run on one inbound thread;
 * writes (and all other {@link ClientCall} operations but {@code request}) on one writer thread.
 */
public final class GatewayConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayConnection.class);
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  /** Refusals a retry with the same settings cannot fix: stop and report. */
  private static final Set<StatusCode> FATAL = Set.of(StatusCode.UNAUTHENTICATED, StatusCode.PERMISSION_DENIED,
      StatusCode.INVALID_ARGUMENT, StatusCode.FAILED_PRECONDITION, StatusCode.UNIMPLEMENTED);

  private final RosettaConfig config;
  private final ConnectionEvents events;
  private final ManagedChannel channel;
  private final ExecutorService inbound;
  private final ExecutorService writer;
  private final ScheduledExecutorService timer;
  private final OutboundQueue queue;
  private final Backoff backoff;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  /** Envelopes gRPC handed to this connection whose batch is still being dispatched (see {@link #inboundBacklog}). */
  private final AtomicInteger inboundBacklog = new AtomicInteger();
  private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
  private final Object lock = new Object();

  private volatile Stream current;
  private Stream latest;
  private boolean started;
  private boolean closed;
  private boolean failed;
  /** Why the gateway refused this client for good (until {@link #reconnect}). */
  private volatile RosettaException failure;
  private boolean everConnected;
  private boolean lost;
  private ScheduledFuture<?> graceTimer;

  public GatewayConnection(RosettaConfig config, ConnectionEvents events) {
    this.config = config;
    this.events = events;
    String tag = "rosetta-" + config.memberId();
    this.inbound = Executors.newSingleThreadExecutor(new DaemonThreads(tag + "-in"));
    this.writer = Executors.newSingleThreadExecutor(new DaemonThreads(tag + "-out"));
    this.timer = Executors.newSingleThreadScheduledExecutor(new DaemonThreads(tag + "-timer"));
    this.queue = new OutboundQueue(config.maxQueuedEnvelopes());
    this.backoff = new Backoff(config.backoffMin(), config.backoffMax());
    this.channel = NettyChannelBuilder.forTarget(config.target()).usePlaintext().executor(inbound)
        .maxInboundMessageSize(8 * 1024 * 1024).build();
  }

  /** Opens the first stream. The future completes on its handshake, or fails on a fatal refusal or after the connect timeout (retries go on). */
  public CompletableFuture<Void> start() {
    synchronized (lock) {
      if (started) return firstConnect;
      started = true;
      armGrace();
    }
    timer.schedule(() -> firstConnect.completeExceptionally(new UnavailableException(
        "no connection to the gateway at " + config.target() + " within " + config.connectTimeout().toMillis() + " ms (still retrying)", "connect-timeout", Map.of(), null)),
        config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    writer.execute(this::openStream);
    return firstConnect;
  }

  /**
   * Queues an envelope for the stream. Returns null when queued, else why it cannot be sent: the
   * queue is full (RESOURCE_EXHAUSTED), or the gateway refused this client for good (e.g. UNAUTHENTICATED).
   */
  public RosettaException send(WireEnvelope envelope) {
    RosettaException f = failure;
    if (f != null) return f;
    if (!queue.offer(envelope)) return queueFull();
    signalDrain();
    return null;
  }

  public boolean isConnected() {
    Stream s = current;
    return s != null && s.handshaken && !s.ended;
  }

  /** Envelopes waiting to be written. */
  public int queued() {
    return queue.size();
  }

  /**
   * Envelopes received from the gateway and not yet dispatched: at most one batch, because the next
   * message is requested only after {@link ConnectionEvents#received} returned. A consumer that
   * blocks holds the stream there; what the gateway sends meanwhile waits in gRPC's HTTP/2 window
   * (1 MiB, auto-tuned up to 8 MiB) and then at the gateway, never in a queue here.
   */
  public int inboundBacklog() {
    return inboundBacklog.get();
  }

  /** Ends the current stream and opens a new one (e.g. after the token supplier has a new token); also revives a connection refused as fatal. */
  public void reconnect() {
    synchronized (lock) {
      if (closed) return;
      boolean wasFailed = failed;
      failed = false;
      failure = null;
      backoff.reset();
      Stream s = latest;
      if (wasFailed || s == null || s.ended) {
        armGrace();
        writer.execute(this::openStream);
      } else {
        writer.execute(() -> s.call.cancel("reconnect requested", null));
      }
    }
  }

  private void openStream() {
    Stream s;
    synchronized (lock) {
      if (closed || failed) return;
      s = new Stream(channel.newCall(RemotingGrpc.getReceiveMethod(), CallOptions.DEFAULT));
      latest = s;
    }
    Metadata headers = new Metadata();
    String token = config.token().get();
    if (token != null && !token.isEmpty()) headers.put(AUTHORIZATION, "Bearer " + token);
    s.call.start(s, headers);
    s.call.request(1);
    s.call.sendMessage(RemoteMessage.newBuilder().setConnectRequest(ConnectRequest.newBuilder()
        .setClientConnection(ClientConnection.newBuilder().setMemberId(config.memberId()))).build());
    s.handshakeTimer = timer.schedule(() -> {
      if (!s.handshaken) writer.execute(() -> s.call.cancel("no connect_response within " + config.connectTimeout().toMillis() + " ms", null));
    }, config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void signalDrain() {
    if (drainScheduled.compareAndSet(false, true)) writer.execute(this::drain);
  }

  private void drain() {
    drainScheduled.set(false);
    Stream s = current;
    if (s == null || !s.handshaken || s.ended) return;
    while (s.call.isReady()) {
      List<WireEnvelope> batch = queue.pollBatch(config.maxBatchEnvelopes(), config.maxBatchBytes());
      if (batch.isEmpty()) return;
      try {
        s.call.sendMessage(BatchEncoder.encode(batch));
      } catch (RuntimeException e) {
        RosettaException cause = new UnavailableException("write failed: " + e.getMessage(), "write-failed", Map.of(), e);
        inbound.execute(() -> batch.forEach(x -> events.undeliverable(x, cause)));
        return;
      }
    }
  }

  /** On the inbound thread: the stream's first message was a valid connect_response. */
  private void handshaken(Stream s) {
    boolean resumed;
    synchronized (lock) {
      if (s != latest || closed) return;
      s.handshaken = true;
      current = s;
      resumed = everConnected;
      everConnected = true;
      lost = false;
      if (graceTimer != null) graceTimer.cancel(false);
      graceTimer = null;
      backoff.reset();
    }
    s.handshakeTimer.cancel(false);
    log.info("connected to {} as member {}{}", config.target(), config.memberId(), resumed ? " (resumed)" : "");
    firstConnect.complete(null);
    events.connected(resumed);
    signalDrain();
  }

  /** On the inbound thread: the stream closed with {@code status}. */
  private void ended(Stream s, RosettaException cause) {
    boolean retry;
    synchronized (lock) {
      if (s.ended) return;
      s.ended = true;
      if (current == s) current = null;
      if (s != latest) return;
      // A member id in use at the first connect is another live client's; after a reconnect it may be our own old stream, not yet noticed.
      boolean fatal = FATAL.contains(cause.code()) || (cause.code() == StatusCode.ALREADY_EXISTS && !everConnected);
      retry = !closed && !fatal;
      if (!retry && !closed) {
        failed = true;
        failure = cause;
      }
      if (retry) armGrace();
    }
    if (s.handshakeTimer != null) s.handshakeTimer.cancel(false);
    if (!retry && !closed) {
      log.warn("gateway at {} refused member {}: {}", config.target(), config.memberId(), cause.toString());
      firstConnect.completeExceptionally(cause);
    } else if (!closed) {
      log.info("stream to {} ended ({}); reconnecting", config.target(), cause.toString());
    }
    events.streamEnded(cause, retry);
    if (!retry) {
      declareLost(cause);
      return;
    }
    long delay = backoff.nextDelayMillis();
    timer.schedule(() -> writer.execute(this::openStream), delay, TimeUnit.MILLISECONDS);
  }

  /** Under {@code lock}: starts the grace period after which a missing stream counts as a lost connection. */
  private void armGrace() {
    if (graceTimer != null || lost) return;
    graceTimer = timer.schedule(() -> inbound.execute(() -> {
      synchronized (lock) {
        graceTimer = null;
        if (current != null || lost) return;
      }
      declareLost(new UnavailableException("no connection to the gateway at " + config.target() + " for "
          + config.reconnectGrace().toMillis() + " ms", "connection-lost", Map.of(), null));
    }), config.reconnectGrace().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** On the inbound thread: what was queued is undeliverable; the owner drops what the gateway held for it. */
  private void declareLost(RosettaException cause) {
    synchronized (lock) {
      if (lost) return;
      lost = true;
      if (graceTimer != null) graceTimer.cancel(false);
      graceTimer = null;
    }
    for (WireEnvelope e : queue.drainAll()) events.undeliverable(e, cause);
    events.lost(cause);
  }

  /** Ends the stream (half-close, as a peer that leaves) and releases the channel and threads. */
  @Override
  public void close() {
    Stream s;
    synchronized (lock) {
      if (closed) return;
      closed = true;
      s = latest;
    }
    CancelledException cause = new CancelledException("the Rosetta client was closed");
    failure = cause;
    firstConnect.completeExceptionally(cause);
    CompletableFuture<Void> flushed = new CompletableFuture<>();
    writer.execute(() -> {
      drain();
      if (s != null && !s.ended) s.call.halfClose();
      flushed.complete(null);
    });
    try {
      flushed.get(2, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) channel.shutdownNow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.shutdownNow();
    }
    inbound.execute(() -> declareLost(cause));
    inbound.shutdown();
    try {
      inbound.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.shutdownNow();
    timer.shutdownNow();
  }

  private ResourceExhaustedException queueFull() {
    return new ResourceExhaustedException("outbound queue full (" + config.maxQueuedEnvelopes() + " envelopes): the gateway is pushing back or unreachable",
        "send-queue-full", Map.of(), null);
  }

  /** One {@code Receive} call. */
  private final class Stream extends ClientCall.Listener<RemoteMessage> {
    final ClientCall<RemoteMessage, RemoteMessage> call;
    volatile boolean handshaken;
    volatile boolean ended;
    volatile ScheduledFuture<?> handshakeTimer;

    Stream(ClientCall<RemoteMessage, RemoteMessage> call) {
      this.call = call;
    }

    @Override
    public void onMessage(RemoteMessage m) {
      if (ended) return;
      if (!handshaken) {
        if (m.hasConnectResponse() && !m.getConnectResponse().getBlocked()) {
          handshaken(this);
        } else {
          String what = m.hasConnectResponse() ? "blocked this member" : "sent " + m.getMessageTypeCase() + " before connect_response";
          writer.execute(() -> call.cancel("gateway " + what, null));
        }
        call.request(1);
        return;
      }
      switch (m.getMessageTypeCase()) {
        case MESSAGE_BATCH -> {
          List<WireEnvelope> batch = List.of();
          try {
            batch = BatchDecoder.decode(m.getMessageBatch(), problem -> log.warn("skipped an invalid envelope from the gateway: {}", problem));
            inboundBacklog.addAndGet(batch.size());
            events.received(batch);
          } catch (RuntimeException e) {
            log.error("dispatching a batch failed", e);
          } finally {
            inboundBacklog.addAndGet(-batch.size());
          }
        }
        case DISCONNECT_REQUEST -> log.info("gateway at {} is shutting down (disconnect_request)", config.target());
        default -> log.warn("ignored {} from the gateway after the handshake", m.getMessageTypeCase());
      }
      call.request(1);
    }

    @Override
    public void onReady() {
      signalDrain();
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      RosettaException cause = status.isOk()
          ? new UnavailableException("the gateway ended the stream", "stream-ended", Map.of(), null)
          : Errors.fromStatus(status.asRuntimeException(trailers));
      ended(this, cause);
    }
  }
}
