package dev.rosetta.jvm.serialization;

import com.google.protobuf.ByteString;

/**
 * A payload passed through untouched: send one to put exact bytes on the wire under any type name
 * and serializer id (e.g. a msgpack payload for a WebSocket client).
 *
 * <pre>{@code
 * rosetta.tell(pid, new RawMessage("shop.Order", SerializerId.JSON, ByteString.copyFromUtf8("{\"id\":1}")));
 * }</pre>
 */
public record RawMessage(String typeName, int serializerId, ByteString payload) {}
