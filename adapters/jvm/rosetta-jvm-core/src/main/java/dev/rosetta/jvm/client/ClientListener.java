package dev.rosetta.jvm.client;

import dev.rosetta.jvm.errors.RosettaException;

/** Connection state and refusals that have no other recipient. Called on the connection's inbound thread. */
public interface ClientListener {
  default void connected(boolean resumed) {}

  default void disconnected(RosettaException cause, boolean willRetry) {}

  /** Watches reported AddressTerminated, pending asks failed: the gateway forgot this client. */
  default void lost(RosettaException cause) {}

  /** A typed error the gateway sent to {@code $client/<member_id>} (the refused envelope had no valid sender). */
  default void error(RosettaException error) {}
}
