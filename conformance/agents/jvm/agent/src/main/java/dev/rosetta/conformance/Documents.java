package dev.rosetta.conformance;

import com.google.protobuf.Value;
import dev.rosetta.conformance.v1.Ok;
import dev.rosetta.conformance.v1.Response;
import dev.rosetta.conformance.v1.Timeout;
import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.jvm.errors.StatusCode;
import dev.rosetta.jvm.serialization.TypeRegistry;
import dev.rosetta.protocol.v1.CrdtEntry;
import dev.rosetta.protocol.v1.CrdtGet;
import dev.rosetta.protocol.v1.CrdtGetResponse;
import dev.rosetta.protocol.v1.CrdtStructure;
import dev.rosetta.protocol.v1.CrdtUpdate;
import dev.rosetta.protocol.v1.CrdtUpdateResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's documents from the JVM: the tenant's {@code $crdt} service asked with the
 * rosetta.v1 Crdt messages (protocol/proto/crdt.proto) through the adapter's own {@code ask} — the
 * adapter sends any protobuf message and decodes the types registered with it.
 */
final class Documents {
  private Documents() {}

  static final String SERVICE = "$crdt";

  /** The replies the agent must decode, next to the adapter's defaults. */
  static TypeRegistry types() {
    return TypeRegistry.withDefaults().register(CrdtUpdateResponse.getDefaultInstance()).register(CrdtGetResponse.getDefaultInstance());
  }

  static Response write(Session s, String document, String name, String key, String value, long timeoutMs) throws Exception {
    CrdtUpdate update = CrdtUpdate.newBuilder().setDocument(document).setName(name).setStructure(CrdtStructure.CRDT_MAP)
        .addSet(CrdtEntry.newBuilder().setKey(key).setValue(Value.newBuilder().setStringValue(value))).build();
    Object reply = ask(s, update, timeoutMs);
    if (!(reply instanceof CrdtUpdateResponse r)) throw new IllegalStateException("reply of type " + reply.getClass().getName());
    if (!r.getSuccess()) throw refusal(r.getError());
    return Response.newBuilder().setOk(Ok.getDefaultInstance()).build();
  }

  static Response read(Session s, String document, String name, int minEntries, long waitMs) throws Exception {
    long deadline = System.currentTimeMillis() + waitMs;
    for (;;) {
      Object reply = ask(s, CrdtGet.newBuilder().setDocument(document).setName(name).setStructure(CrdtStructure.CRDT_MAP).build(), Math.max(100, deadline - System.currentTimeMillis()));
      if (!(reply instanceof CrdtGetResponse r)) throw new IllegalStateException("reply of type " + reply.getClass().getName());
      if (r.hasError() && r.getError().getCode() != 0) throw refusal(r.getError());
      Map<String, String> entries = new TreeMap<>();
      for (CrdtEntry e : r.getEntriesList()) entries.put(e.getKey(), e.getValue().hasStringValue() ? e.getValue().getStringValue() : e.getValue().toString());
      Ok ok = Ok.newBuilder().putAllEntries(entries).build();
      if (entries.size() >= minEntries) return Response.newBuilder().setOk(ok).build();
      if (System.currentTimeMillis() >= deadline) {
        return Response.newBuilder().setTimeout(Timeout.newBuilder().setMessage("the map holds " + entries.size() + " entries").setPartial(ok)).build();
      }
      Thread.sleep(20); // a Get answers the current state: ask again shortly
    }
  }

  private static Object ask(Session s, Object message, long timeoutMs) throws Exception {
    Pid service = s.rosetta.gatewayPid(SERVICE);
    return s.rosetta.ask(service, message, Duration.ofMillis(timeoutMs)).toCompletableFuture().get(timeoutMs + 2000, TimeUnit.MILLISECONDS);
  }

  private static RosettaException refusal(dev.rosetta.protocol.v1.Error e) {
    return new RosettaException(StatusCode.of(e.getCode()), e.getMessage(), e.getReason(), Map.of(), null);
  }
}
