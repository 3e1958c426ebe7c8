package dev.rosetta.jvm.documents;

import java.util.List;
import java.util.Map;

/**
 * A change of a subscribed document (Akka's Changed), whoever made it: a browser, a TS actor, a Go
 * or JVM client, this client itself. {@code entries} holds the current values of the keys that
 * changed, {@code removed} the keys that no longer exist (both empty for a subscription to the
 * whole document); {@code update} is the change as raw Yjs v1 bytes when the subscription asked for
 * them (else empty); {@code seq} counts this subscription's changes from 1.
 *
 * <p>{@code resync} marks the event a subscription delivers after the connection came back: changes
 * made while it was down were not delivered one by one, so this one carries every current entry of
 * the structure, and in {@code removed} the keys this subscription had seen that are gone. Its
 * {@code seq} is 0 and the changes after it count from 1 again.
 */
public record Changed(String document, String name, Map<String, Object> entries, List<String> removed, byte[] update, long seq, boolean resync) {}
