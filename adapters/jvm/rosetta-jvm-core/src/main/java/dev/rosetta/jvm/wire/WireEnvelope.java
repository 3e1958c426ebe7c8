package dev.rosetta.jvm.wire;

import com.google.protobuf.ByteString;
import dev.rosetta.jvm.Pid;
import java.util.Map;

/**
 * One envelope of a v2025 {@code MessageBatch}, with its table entries resolved: the target is an id
 * at the gateway (v2025 targets carry no address), the sender a full PID or {@code null}.
 * {@code headers} is empty when the envelope has none.
 */
public record WireEnvelope(
    String targetId, int targetRequestId, Pid sender, String typeName, int serializerId, ByteString payload, Map<String, String> headers) {

  /** The envelope's size on the wire, roughly: what the writer counts against a batch's byte budget. */
  public int approximateSize() {
    int h = 0;
    for (Map.Entry<String, String> e : headers.entrySet()) h += e.getKey().length() + e.getValue().length() + 4;
    return payload.size() + targetId.length() + typeName.length() + (sender == null ? 0 : sender.id().length() + sender.address().length()) + h + 24;
  }
}
