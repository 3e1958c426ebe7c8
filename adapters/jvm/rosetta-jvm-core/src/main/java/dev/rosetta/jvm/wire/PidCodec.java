package dev.rosetta.jvm.wire;

import dev.rosetta.jvm.Pid;

/** {@link Pid} ↔ {@code actor.PID}. */
public final class PidCodec {
  private PidCodec() {}

  public static actor.Actor.PID toProto(Pid pid) {
    actor.Actor.PID.Builder b = actor.Actor.PID.newBuilder().setAddress(pid.address()).setId(pid.id());
    if (pid.requestId() != 0) b.setRequestId(pid.requestId());
    return b.build();
  }

  /** Throws IllegalArgumentException for a PID without an id. */
  public static Pid fromProto(actor.Actor.PID pid) {
    return new Pid(pid.getAddress(), pid.getId(), pid.getRequestId());
  }
}
