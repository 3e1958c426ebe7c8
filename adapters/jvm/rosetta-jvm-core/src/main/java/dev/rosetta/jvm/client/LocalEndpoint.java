package dev.rosetta.jvm.client;

import dev.rosetta.jvm.Pid;
import java.util.Map;

/**
 * Where messages for one of this client's PIDs go (a binding forwards them to an actor). Called on
 * the connection's inbound thread: hand the message over and return, never block for long.
 * A {@link dev.rosetta.jvm.errors.RosettaException} message is an error sent to this PID.
 */
@FunctionalInterface
public interface LocalEndpoint {
  void deliver(Object message, Pid sender, Map<String, String> headers);
}
