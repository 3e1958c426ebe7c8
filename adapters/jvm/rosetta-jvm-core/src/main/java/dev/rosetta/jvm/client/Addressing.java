package dev.rosetta.jvm.client;

import dev.rosetta.jvm.Pid;

/**
 * PIDs ↔ the ids a client connection speaks (PROTOCOL.md §1a): targets are ids at the gateway,
 * an actor at another address is {@code $relay/<address>/<id>}, and this client's own actors are
 * {@code $client/<member_id>/<local id>} (sent with an empty address, meaning the gateway).
 */
public final class Addressing {
  public static final String CLIENT_PREFIX = "$client/";
  public static final String RELAY_PREFIX = "$relay/";
  public static final String REGISTRY = "$registry";
  /** The tenant's replicated-documents service (rosetta.v1 CrdtGet / CrdtUpdate / CrdtSubscribe / CrdtUnsubscribe). */
  public static final String CRDT = "$crdt";

  private final String gatewayAddress;
  private final String memberId;
  private final String ownPrefix;

  public Addressing(String gatewayAddress, String memberId) {
    this.gatewayAddress = gatewayAddress;
    this.memberId = memberId;
    this.ownPrefix = CLIENT_PREFIX + memberId + "/";
  }

  public String gatewayAddress() {
    return gatewayAddress;
  }

  public String memberId() {
    return memberId;
  }

  /** The v2025 target id for {@code pid}: gateway-hosted ids as they are, anything elsewhere through {@code $relay/}. */
  public String targetId(Pid pid) {
    String a = pid.address();
    if (a.isEmpty() || a.equals(gatewayAddress) || pid.id().startsWith(RELAY_PREFIX)) return pid.id();
    return RELAY_PREFIX + a + "/" + pid.id();
  }

  /** The PID of one of this client's actors. */
  public Pid local(String localId) {
    return Pid.atGateway(ownPrefix + localId);
  }

  /** The local id a target id names, or {@code null} when it is not one of this client's actors. */
  public String localIdOf(String targetId) {
    return targetId.startsWith(ownPrefix) && targetId.length() > ownPrefix.length() ? targetId.substring(ownPrefix.length()) : null;
  }

  /** The client's own id ({@code $client/<member_id>}): where the gateway sends refusals that had no valid sender. */
  public boolean isClientItself(String targetId) {
    return targetId.length() == ownPrefix.length() - 1 && ownPrefix.startsWith(targetId);
  }

  /** Whether a sender is a Proto.Actor node's actor (it cannot decode {@code rosetta.v1.Error}). */
  public boolean isForeignNode(Pid pid) {
    return !pid.address().isEmpty() && !pid.address().equals(gatewayAddress) && !pid.id().startsWith(RELAY_PREFIX);
  }
}
