package dev.rosetta.jvm.documents;

import dev.rosetta.jvm.errors.RosettaException;

/**
 * Receives a subscription's changes, in order, on the connection's inbound thread: hand them over
 * (e.g. {@code actorRef.tell(change)}) and return, never block.
 */
@FunctionalInterface
public interface ChangeListener {
  void changed(Changed change);

  /**
   * The subscription could not be re-established after the connection came back (e.g. the new
   * token may no longer read the document): it is closed and nothing more arrives.
   */
  default void failed(RosettaException error) {}
}
