package dev.rosetta.jvm.errors;

import java.util.Map;

/**
 * A payload whose type name this client has not registered (or whose bytes do not decode as that
 * type): reported to whoever waits for it, never thrown into the transport.
 */
public final class UnknownTypeException extends InvalidArgumentException {
  public static final String REASON = "unknown-type";
  private final String typeName;
  private final int serializerId;

  public UnknownTypeException(String typeName, int serializerId, String message, Throwable cause) {
    super(message, REASON, Map.of("type", typeName, "serializer", Integer.toString(serializerId)), cause);
    this.typeName = typeName;
    this.serializerId = serializerId;
  }

  public String typeName() {
    return typeName;
  }

  public int serializerId() {
    return serializerId;
  }
}
