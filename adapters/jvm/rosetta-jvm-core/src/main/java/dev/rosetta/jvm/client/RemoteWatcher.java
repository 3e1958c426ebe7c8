package dev.rosetta.jvm.client;

import dev.rosetta.jvm.Pid;

/** Told once when a watched PID is gone. Called on the connection's inbound thread. */
@FunctionalInterface
public interface RemoteWatcher {
  void terminated(Pid who, TerminatedReason why);
}
