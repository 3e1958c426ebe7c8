package dev.rosetta.jvm.client;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.errors.DeadLetterException;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.jvm.serialization.Serialization;
import dev.rosetta.jvm.wire.PidCodec;
import dev.rosetta.jvm.wire.WireEnvelope;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each envelope the gateway sends to this client: watch bookkeeping for Proto.Actor's system
 * messages, replies to pending asks, everything else to the local endpoint its target names. A
 * payload that cannot be decoded is a typed error for whoever waits for it (the ask, or the sender
 * of a request), never an exception in the transport; a request to a missing local actor is
 * answered {@code actor.DeadLetterResponse}, as Proto.Actor does.
 */
final class InboundDispatcher {
  private static final Logger log = LoggerFactory.getLogger(InboundDispatcher.class);

  private final Addressing addressing;
  private final Serialization serialization;
  private final PendingAsks asks;
  private final Map<String, LocalEndpoint> endpoints;
  private final WatchBook watches;
  private final LocalWatchers localWatchers;
  private final Outbox outbox;
  private final Consumer<RosettaException> clientErrors;

  InboundDispatcher(Addressing addressing, Serialization serialization, PendingAsks asks, Map<String, LocalEndpoint> endpoints,
      WatchBook watches, LocalWatchers localWatchers, Outbox outbox, Consumer<RosettaException> clientErrors) {
    this.addressing = addressing;
    this.serialization = serialization;
    this.asks = asks;
    this.endpoints = endpoints;
    this.watches = watches;
    this.localWatchers = localWatchers;
    this.outbox = outbox;
    this.clientErrors = clientErrors;
  }

  void dispatch(WireEnvelope e) {
    String localId = addressing.localIdOf(e.targetId());
    if (localId == null) {
      if (addressing.isClientItself(e.targetId())) toClient(e);
      else log.warn("dropped an envelope for {}: not one of this client's actors", e.targetId());
      return;
    }
    try {
      if (systemMessage(localId, e)) return;
    } catch (InvalidProtocolBufferException | IllegalArgumentException ex) {
      log.warn("dropped a malformed {} for {}: {}", e.typeName(), e.targetId(), ex.getMessage());
      return;
    }
    Object message;
    boolean undecodable = false;
    try {
      message = serialization.fromWire(e.typeName(), e.serializerId(), e.payload());
    } catch (RosettaException ex) {
      message = ex;
      undecodable = true;
    }
    if (PendingAsks.isAskId(localId)) {
      if (!asks.complete(localId, message)) log.debug("late reply for {} (its ask is over)", localId);
      return;
    }
    LocalEndpoint endpoint = endpoints.get(localId);
    if (endpoint == null) {
      log.debug("no local actor {} for a {}", localId, e.typeName());
      if (e.sender() != null && !(message instanceof RosettaException)) outbox.send(e.sender(), new DeadLetterException(addressing.local(localId)), null);
      return;
    }
    if (undecodable) {
      RosettaException err = (RosettaException) message;
      log.warn("refused a message for {}: {}", localId, err.getMessage());
      if (e.sender() != null) {
        // Proto.Actor nodes cannot decode rosetta.v1.Error: their futures get a dead letter instead.
        outbox.send(e.sender(), addressing.isForeignNode(e.sender()) ? new DeadLetterException(addressing.local(localId)) : err, null);
      }
      return;
    }
    endpoint.deliver(message, e.sender(), e.headers());
  }

  /** Handles Proto.Actor's watch messages; true when {@code e} was one. */
  private boolean systemMessage(String localId, WireEnvelope e) throws InvalidProtocolBufferException {
    switch (e.typeName()) {
      case "actor.Terminated" -> {
        actor.Actor.Terminated t = actor.Actor.Terminated.parseFrom(e.payload());
        watches.terminated(localId, PidCodec.fromProto(t.getWho()), TerminatedReason.of(t.getWhyValue()));
        return true;
      }
      case "actor.Watch" -> {
        Pid watcher = PidCodec.fromProto(actor.Actor.Watch.parseFrom(e.payload()).getWatcher());
        if (endpoints.containsKey(localId)) {
          localWatchers.add(localId, watcher);
        } else {
          outbox.send(watcher, actor.Actor.Terminated.newBuilder().setWho(PidCodec.toProto(addressing.local(localId)))
              .setWhyValue(TerminatedReason.NOT_FOUND.number()).build(), null);
        }
        return true;
      }
      case "actor.Unwatch" -> {
        localWatchers.remove(localId, PidCodec.fromProto(actor.Actor.Unwatch.parseFrom(e.payload()).getWatcher()));
        return true;
      }
      case "actor.Stop", "actor.PoisonPill" -> {
        log.debug("ignored {} for {}: a peer cannot stop a JVM actor", e.typeName(), localId);
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private void toClient(WireEnvelope e) {
    Object m;
    try {
      m = serialization.fromWire(e.typeName(), e.serializerId(), e.payload());
    } catch (RosettaException ex) {
      m = ex;
    }
    if (m instanceof RosettaException err) {
      log.warn("the gateway refused an envelope of this client: {}", err.toString());
      clientErrors.accept(err);
    } else {
      log.warn("dropped a {} sent to the client itself", e.typeName());
    }
  }
}
