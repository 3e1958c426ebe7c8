package dev.rosetta.jvm.serialization;

/** Serializer ids on the wire: Proto.Actor's own 0 and 1, and Rosetta's msgpack (32, WebSocket clients). */
public final class SerializerId {
  public static final int PROTOBUF = 0;
  public static final int JSON = 1;
  public static final int MSGPACK = 32;

  private SerializerId() {}
}
