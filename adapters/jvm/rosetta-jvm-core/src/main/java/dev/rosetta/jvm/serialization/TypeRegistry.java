package dev.rosetta.jvm.serialization;

import com.google.protobuf.BoolValue;
import com.google.protobuf.BytesValue;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.Empty;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.StringValue;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The types this client can decode, by wire type name: protobuf messages by their full name
 * (serializer 0) and Java classes (records, POJOs) under a chosen name for JSON (serializer 1).
 * Incoming payloads of unregistered names are refused with a typed error, never instantiated by
 * reflection from a name the peer chose.
 *
 * <pre>{@code
 * types.register(MyProto.Order.getDefaultInstance());      // "shop.Order", serializer 0
 * types.registerJson("shop.Quote", Quote.class);          // a Java record as JSON, serializer 1
 * }</pre>
 */
public final class TypeRegistry {
  private final Map<String, Parser<? extends Message>> protobuf = new ConcurrentHashMap<>();
  private final Map<String, Class<?>> jsonByName = new ConcurrentHashMap<>();
  private final Map<Class<?>, String> jsonByClass = new ConcurrentHashMap<>();

  /** A registry that knows the well-known wrapper types and Rosetta's and Proto.Actor's own messages. */
  public static TypeRegistry withDefaults() {
    TypeRegistry r = new TypeRegistry();
    for (Message m : new Message[] {
        StringValue.getDefaultInstance(), BytesValue.getDefaultInstance(), Int32Value.getDefaultInstance(),
        Int64Value.getDefaultInstance(), BoolValue.getDefaultInstance(), DoubleValue.getDefaultInstance(),
        Empty.getDefaultInstance()}) {
      r.register(m);
    }
    for (Message m : new Message[] {
        actor.Actor.PID.getDefaultInstance(), actor.Actor.PoisonPill.getDefaultInstance(), actor.Actor.DeadLetterResponse.getDefaultInstance(),
        actor.Actor.Watch.getDefaultInstance(), actor.Actor.Unwatch.getDefaultInstance(), actor.Actor.Terminated.getDefaultInstance(),
        actor.Actor.Stop.getDefaultInstance(), actor.Actor.Touch.getDefaultInstance(), actor.Actor.Touched.getDefaultInstance(),
        remote.Remote.ActorPidRequest.getDefaultInstance(), remote.Remote.ActorPidResponse.getDefaultInstance(),
        dev.rosetta.protocol.v1.Error.getDefaultInstance(), dev.rosetta.protocol.v1.RegisterName.getDefaultInstance(),
        dev.rosetta.protocol.v1.RegisterNameResponse.getDefaultInstance(), dev.rosetta.protocol.v1.UnregisterName.getDefaultInstance(),
        dev.rosetta.protocol.v1.UnregisterNameResponse.getDefaultInstance(), dev.rosetta.protocol.v1.LookupName.getDefaultInstance(),
        dev.rosetta.protocol.v1.LookupNameResponse.getDefaultInstance(),
        dev.rosetta.protocol.v1.CrdtGet.getDefaultInstance(), dev.rosetta.protocol.v1.CrdtGetResponse.getDefaultInstance(),
        dev.rosetta.protocol.v1.CrdtUpdate.getDefaultInstance(), dev.rosetta.protocol.v1.CrdtUpdateResponse.getDefaultInstance(),
        dev.rosetta.protocol.v1.CrdtSubscribe.getDefaultInstance(), dev.rosetta.protocol.v1.CrdtSubscribeResponse.getDefaultInstance(),
        dev.rosetta.protocol.v1.CrdtUnsubscribe.getDefaultInstance(), dev.rosetta.protocol.v1.CrdtUnsubscribeResponse.getDefaultInstance(),
        dev.rosetta.protocol.v1.CrdtChanged.getDefaultInstance()}) {
      r.register(m);
    }
    return r;
  }

  /** Decodes protobuf payloads named {@code prototype}'s full name (e.g. {@code google.protobuf.StringValue}). */
  public TypeRegistry register(Message prototype) {
    protobuf.put(prototype.getDescriptorForType().getFullName(), prototype.getParserForType());
    return this;
  }

  /** Encodes and decodes {@code type} as JSON under {@code typeName}. */
  public TypeRegistry registerJson(String typeName, Class<?> type) {
    if (typeName == null || typeName.isEmpty()) throw new IllegalArgumentException("a JSON type needs a name");
    jsonByName.put(typeName, type);
    jsonByClass.put(type, typeName);
    return this;
  }

  public Optional<Parser<? extends Message>> protobufParser(String typeName) {
    return Optional.ofNullable(protobuf.get(typeName));
  }

  public Optional<Class<?>> jsonClass(String typeName) {
    return Optional.ofNullable(jsonByName.get(typeName));
  }

  /** The wire name of a JSON-encoded class: its registered name, else its Java class name. */
  public String jsonName(Class<?> type) {
    String n = jsonByClass.get(type);
    return n != null ? n : type.getName();
  }
}
