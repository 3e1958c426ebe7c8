package dev.rosetta.jvm.transport;

import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.jvm.wire.WireEnvelope;
import java.util.List;

/** What a {@link GatewayConnection} tells its owner. Called on the connection's inbound thread. */
public interface ConnectionEvents {
  /** A stream completed its handshake; {@code resumed} when an earlier stream of this client existed. */
  void connected(boolean resumed);

  /** Envelopes arrived (in stream order). Returning is what lets the stream request the next batch. */
  void received(List<WireEnvelope> envelopes);

  /** The stream ended; the connection retries (unless {@code willRetry} is false: a fatal refusal or close). */
  void streamEnded(RosettaException cause, boolean willRetry);

  /** No stream for longer than the reconnect grace (or a fatal refusal): what the other side held for this client is gone. */
  void lost(RosettaException cause);

  /** An envelope that could not be written (queue full or connection lost), to be reported to its sender. */
  void undeliverable(WireEnvelope envelope, RosettaException cause);
}
