package dev.rosetta.jvm.client;

import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.errors.InternalException;
import dev.rosetta.jvm.wire.PidCodec;
import dev.rosetta.protocol.v1.RegisterName;
import dev.rosetta.protocol.v1.RegisterNameResponse;
import dev.rosetta.protocol.v1.UnregisterName;
import dev.rosetta.protocol.v1.UnregisterNameResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names this client registered with the gateway's {@code $registry} ({@code rosetta.v1.RegisterName}),
 * each pointing at one of its own PIDs. The gateway drops them when the stream ends; they are
 * registered again after every reconnect for as long as the local actor lives.
 */
final class NameBook {
  private static final Logger log = LoggerFactory.getLogger(NameBook.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, String> localIdByName = new ConcurrentHashMap<>();
  private final Addressing addressing;
  private final Outbox outbox;

  NameBook(Addressing addressing, Outbox outbox) {
    this.addressing = addressing;
    this.outbox = outbox;
  }

  /** Registers {@code name} for the local actor; completes with the PID others address it by ({@code PID{gateway, name}}). */
  CompletableFuture<Pid> register(String name, String localId) {
    return send(name, localId, false).thenApply(ok -> {
      localIdByName.put(name, localId);
      return Pid.of(addressing.gatewayAddress(), name);
    });
  }

  CompletableFuture<Boolean> unregister(String name) {
    localIdByName.remove(name);
    return outbox.ask(Pid.atGateway(Addressing.REGISTRY), UnregisterName.newBuilder().setName(name).build(), TIMEOUT)
        .thenApply(r -> r instanceof UnregisterNameResponse u && u.getRemoved());
  }

  /** Names held for {@code localId} (its actor is gone): unregistered at the gateway. */
  void dropLocal(String localId) {
    for (Map.Entry<String, String> e : localIdByName.entrySet()) {
      if (e.getValue().equals(localId) && localIdByName.remove(e.getKey(), localId)) {
        unregister(e.getKey()).exceptionally(err -> {
          log.debug("unregistering {} failed: {}", e.getKey(), err.toString());
          return false;
        });
      }
    }
  }

  /** After a reconnect. */
  void registerAllAgain() {
    for (Map.Entry<String, String> e : localIdByName.entrySet()) {
      send(e.getKey(), e.getValue(), true).whenComplete((ok, err) -> {
        if (err != null) log.warn("re-registering name '{}' after a reconnect failed: {}", e.getKey(), err.toString());
        else log.debug("name '{}' registered again", e.getKey());
      });
    }
  }

  private CompletableFuture<Boolean> send(String name, String localId, boolean replace) {
    RegisterName m = RegisterName.newBuilder().setName(name).setPid(PidCodec.toProto(addressing.local(localId))).setReplace(replace).build();
    return outbox.ask(Pid.atGateway(Addressing.REGISTRY), m, TIMEOUT).thenApply(r -> {
      if (r instanceof RegisterNameResponse) return true;
      throw new InternalException("$registry answered " + r.getClass().getName() + " to RegisterName");
    });
  }
}
