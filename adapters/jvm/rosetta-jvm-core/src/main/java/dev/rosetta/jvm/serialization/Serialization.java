package dev.rosetta.jvm.serialization;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.StringValue;
import dev.rosetta.jvm.errors.DeadLetterException;
import dev.rosetta.jvm.errors.Errors;
import dev.rosetta.jvm.errors.InvalidArgumentException;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.jvm.errors.UnknownTypeException;
import dev.rosetta.jvm.wire.PidCodec;
import java.io.IOException;
import java.util.Map;

/**
 * Java values ↔ wire payloads.
 *
 * <ul>
 *   <li>{@code String} ↔ {@code google.protobuf.StringValue} (what TS and Go actors send and answer);
 *   <li>{@code byte[]} ↔ {@code google.protobuf.BytesValue};
 *   <li>protobuf {@link Message}s by full type name (serializer 0; decoding needs {@link TypeRegistry#register});
 *   <li>other objects (records, POJOs) as JSON through Jackson (serializer 1) under their registered name;
 *   <li>{@link RawMessage} passes through; a {@link RosettaException} travels as {@code rosetta.v1.Error};
 *   <li>{@code actor.DeadLetterResponse} decodes to a {@link DeadLetterException}.
 * </ul>
 * Undecodable input throws {@link UnknownTypeException} (an {@link InvalidArgumentException}).
 */
public final class Serialization {
  public static final String STRING_VALUE = "google.protobuf.StringValue";
  public static final String BYTES_VALUE = "google.protobuf.BytesValue";
  public static final String ERROR = "rosetta.v1.Error";
  public static final String DEAD_LETTER_RESPONSE = "actor.DeadLetterResponse";

  private final TypeRegistry types;
  private final ObjectMapper json;

  public Serialization(TypeRegistry types, ObjectMapper json) {
    this.types = types;
    this.json = json;
  }

  public static ObjectMapper defaultObjectMapper() {
    return new ObjectMapper().findAndRegisterModules().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  public TypeRegistry types() {
    return types;
  }

  /** Encodes a message; throws {@link InvalidArgumentException} for what cannot cross the wire. */
  public WirePayload toWire(Object message) {
    if (message == null) throw new InvalidArgumentException("a null message cannot cross the wire");
    if (message instanceof String s) return new WirePayload(STRING_VALUE, SerializerId.PROTOBUF, StringValue.of(s).toByteString());
    if (message instanceof byte[] b) return new WirePayload(BYTES_VALUE, SerializerId.PROTOBUF, BytesValue.of(ByteString.copyFrom(b)).toByteString());
    if (message instanceof Message m) return new WirePayload(m.getDescriptorForType().getFullName(), SerializerId.PROTOBUF, m.toByteString());
    if (message instanceof RawMessage r) return new WirePayload(r.typeName(), r.serializerId(), r.payload());
    if (message instanceof DeadLetterException d) {
      return new WirePayload(DEAD_LETTER_RESPONSE, SerializerId.PROTOBUF,
          actor.Actor.DeadLetterResponse.newBuilder().setTarget(PidCodec.toProto(d.target())).build().toByteString());
    }
    if (message instanceof RosettaException e) {
      dev.rosetta.protocol.v1.Error err = dev.rosetta.protocol.v1.Error.newBuilder()
          .setCode(e.code().number()).setMessage(e.getMessage() == null ? "" : e.getMessage()).setReason(e.reason()).putAllDetails(e.details()).build();
      return new WirePayload(ERROR, SerializerId.PROTOBUF, err.toByteString());
    }
    try {
      return new WirePayload(types.jsonName(message.getClass()), SerializerId.JSON, ByteString.copyFrom(json.writeValueAsBytes(message)));
    } catch (IOException | RuntimeException e) {
      throw new InvalidArgumentException("a " + message.getClass().getName() + " cannot be written as JSON: " + e.getMessage(), "bad-value", Map.of(), e);
    }
  }

  /** Decodes a payload; throws {@link UnknownTypeException} for an unregistered name or undecodable bytes. */
  public Object fromWire(String typeName, int serializerId, ByteString payload) {
    return switch (serializerId) {
      case SerializerId.PROTOBUF -> fromProtobuf(typeName, payload);
      case SerializerId.JSON -> fromJson(typeName, payload);
      default -> throw new UnknownTypeException(typeName, serializerId, "serializer " + serializerId + " is not supported by the JVM adapter (type " + typeName + ")", null);
    };
  }

  private Object fromProtobuf(String typeName, ByteString payload) {
    Parser<? extends Message> parser = types.protobufParser(typeName)
        .orElseThrow(() -> new UnknownTypeException(typeName, SerializerId.PROTOBUF, "unknown protobuf type '" + typeName + "': register it with TypeRegistry.register", null));
    Message m;
    try {
      m = parser.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new UnknownTypeException(typeName, SerializerId.PROTOBUF, "payload is not a valid " + typeName + ": " + e.getMessage(), e);
    }
    if (m instanceof StringValue s) return s.getValue();
    if (m instanceof BytesValue b) return b.getValue().toByteArray();
    if (m instanceof dev.rosetta.protocol.v1.Error e) return Errors.fromWire(e.getCode(), e.getMessage(), e.getReason(), e.getDetailsMap());
    if (m instanceof actor.Actor.DeadLetterResponse d) {
      return new DeadLetterException(d.hasTarget() && !d.getTarget().getId().isEmpty() ? PidCodec.fromProto(d.getTarget()) : dev.rosetta.jvm.Pid.atGateway("?"));
    }
    return m;
  }

  private Object fromJson(String typeName, ByteString payload) {
    Class<?> type = types.jsonClass(typeName)
        .orElseThrow(() -> new UnknownTypeException(typeName, SerializerId.JSON, "unknown JSON type '" + typeName + "': register it with TypeRegistry.registerJson", null));
    try {
      return json.readValue(payload.newInput(), type);
    } catch (IOException e) {
      throw new UnknownTypeException(typeName, SerializerId.JSON, "payload is not a valid JSON " + typeName + ": " + e.getMessage(), e);
    }
  }
}
