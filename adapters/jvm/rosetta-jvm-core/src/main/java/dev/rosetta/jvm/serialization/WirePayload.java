package dev.rosetta.jvm.serialization;

import com.google.protobuf.ByteString;

/** A message as it crosses the wire: type name, serializer id and opaque bytes. */
public record WirePayload(String typeName, int serializerId, ByteString payload) {}
