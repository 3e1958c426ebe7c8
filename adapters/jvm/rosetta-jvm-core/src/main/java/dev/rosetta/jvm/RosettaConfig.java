package dev.rosetta.jvm;

import dev.rosetta.jvm.serialization.TypeRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Everything a client connection needs, defaults in one place ({@link Builder}).
 *
 * <pre>{@code
 * RosettaConfig config = RosettaConfig.builder("127.0.0.1:8090")
 *     .token(System.getenv("ROSETTA_TOKEN"))
 *     .memberId("orders-jvm-1")
 *     .build();
 * }</pre>
 */
public record RosettaConfig(
    /** host:port the client dials. */
    String target,
    /** The gateway's advertised address (what it puts in its PIDs); default: {@code target}. */
    String gatewayAddress,
    /** The bearer token for each stream; read again on every (re)connect, so it may rotate. */
    Supplier<String> token,
    /** This client's member id: its actors are {@code $client/<memberId>/<local id>} at the gateway. */
    String memberId,
    TypeRegistry types,
    /** Reconnect delays: exponential from {@code backoffMin} to {@code backoffMax}, with ±20 % jitter. */
    Duration backoffMin,
    Duration backoffMax,
    /** A lost stream not re-established within this is a lost connection: every watch reports AddressTerminated. */
    Duration reconnectGrace,
    /** How long {@code connect()} waits for the first handshake before it reports UNAVAILABLE (retries go on). */
    Duration connectTimeout,
    /** Asks whose caller gave no timeout. */
    Duration defaultAskTimeout,
    /** Envelopes waiting to be written (while disconnected, or when the gateway pushes back); past it sends fail RESOURCE_EXHAUSTED. */
    int maxQueuedEnvelopes,
    int maxBatchEnvelopes,
    int maxBatchBytes) {

  /** Member ids as PROTOCOL.md §1a allows them. */
  public static final Pattern MEMBER_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  public RosettaConfig {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(token, "token");
    if (!MEMBER_ID.matcher(memberId).matches()) throw new IllegalArgumentException("member id must be 1-64 of A-Z a-z 0-9 _ . : - (got '" + memberId + "')");
  }

  public static Builder builder(String target) {
    return new Builder(target);
  }

  public Builder toBuilder() {
    Builder b = new Builder(target);
    b.gatewayAddress = gatewayAddress; b.token = token; b.memberId = memberId; b.types = types; b.backoffMin = backoffMin;
    b.backoffMax = backoffMax; b.reconnectGrace = reconnectGrace; b.connectTimeout = connectTimeout; b.defaultAskTimeout = defaultAskTimeout;
    b.maxQueuedEnvelopes = maxQueuedEnvelopes; b.maxBatchEnvelopes = maxBatchEnvelopes; b.maxBatchBytes = maxBatchBytes;
    return b;
  }

  public static final class Builder {
    private final String target;
    private String gatewayAddress;
    private Supplier<String> token = () -> "";
    private String memberId = "jvm-" + UUID.randomUUID().toString().substring(0, 8);
    private TypeRegistry types;
    private Duration backoffMin = Duration.ofMillis(100);
    private Duration backoffMax = Duration.ofSeconds(5);
    private Duration reconnectGrace = Duration.ofSeconds(2);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration defaultAskTimeout = Duration.ofSeconds(30);
    private int maxQueuedEnvelopes = 200_000;
    private int maxBatchEnvelopes = 1000;
    private int maxBatchBytes = 1 << 20;

    private Builder(String target) {
      this.target = target;
    }

    public Builder gatewayAddress(String address) { this.gatewayAddress = address; return this; }
    public Builder token(String token) { this.token = () -> token == null ? "" : token; return this; }
    public Builder token(Supplier<String> token) { this.token = token; return this; }
    public Builder memberId(String memberId) { this.memberId = memberId; return this; }
    public Builder types(TypeRegistry types) { this.types = types; return this; }
    public Builder backoff(Duration min, Duration max) { this.backoffMin = min; this.backoffMax = max; return this; }
    public Builder reconnectGrace(Duration grace) { this.reconnectGrace = grace; return this; }
    public Builder connectTimeout(Duration timeout) { this.connectTimeout = timeout; return this; }
    public Builder defaultAskTimeout(Duration timeout) { this.defaultAskTimeout = timeout; return this; }
    public Builder maxQueuedEnvelopes(int n) { this.maxQueuedEnvelopes = n; return this; }
    public Builder maxBatchEnvelopes(int n) { this.maxBatchEnvelopes = n; return this; }
    public Builder maxBatchBytes(int n) { this.maxBatchBytes = n; return this; }

    public RosettaConfig build() {
      return new RosettaConfig(target, gatewayAddress == null ? target : gatewayAddress, token, memberId,
          types == null ? TypeRegistry.withDefaults() : types, backoffMin, backoffMax, reconnectGrace, connectTimeout,
          defaultAskTimeout, maxQueuedEnvelopes, maxBatchEnvelopes, maxBatchBytes);
    }
  }
}
