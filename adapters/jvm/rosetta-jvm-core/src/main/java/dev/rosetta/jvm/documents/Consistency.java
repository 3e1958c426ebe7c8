package dev.rosetta.jvm.documents;

import dev.rosetta.protocol.v1.CrdtConsistency;

/**
 * Akka Distributed Data's ReadLocal/WriteLocal, ReadMajority/WriteMajority, ReadAll/WriteAll. One
 * gateway is the only server replica, so {@link #LOCAL} (an update is answered once durable on the
 * gateway's disk) is all it can honestly give: the others are refused with
 * {@code FailedPreconditionException} (reason {@code consistency-unavailable}) rather than pretended.
 */
public enum Consistency {
  LOCAL(CrdtConsistency.CRDT_LOCAL),
  MAJORITY(CrdtConsistency.CRDT_MAJORITY),
  ALL(CrdtConsistency.CRDT_ALL);

  private final CrdtConsistency wire;

  Consistency(CrdtConsistency wire) {
    this.wire = wire;
  }

  public CrdtConsistency toProto() {
    return wire;
  }
}
