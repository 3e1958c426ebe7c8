package dev.rosetta.jvm;

import java.util.Objects;

/**
 * A Proto.Actor process id: the advertised {@code host:port} of the node that hosts the actor,
 * the actor's id there, and the request id of a pending request (0 when none).
 *
 * <p>An empty address means "the gateway this client is connected to".
 *
 * <pre>{@code
 * Pid echo = Pid.of("127.0.0.1:8090", "echo");        // a TS actor hosted by the gateway
 * Pid orders = Pid.of("127.0.0.1:8091", "orders");    // a protoactor-go actor (relayed)
 * }</pre>
 */
public record Pid(String address, String id, int requestId) {
  public Pid {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) throw new IllegalArgumentException("a Pid needs an id");
  }

  public static Pid of(String address, String id) {
    return new Pid(address, id, 0);
  }

  /** An actor hosted by (or named at) the gateway this client is connected to. */
  public static Pid atGateway(String id) {
    return new Pid("", id, 0);
  }

  public Pid withRequestId(int requestId) {
    return requestId == this.requestId ? this : new Pid(address, id, requestId);
  }

  public Pid withoutRequestId() {
    return withRequestId(0);
  }

  @Override
  public String toString() {
    String base = (address.isEmpty() ? "<gateway>" : address) + "/" + id;
    return requestId == 0 ? base : base + "#" + Integer.toUnsignedString(requestId);
  }
}
