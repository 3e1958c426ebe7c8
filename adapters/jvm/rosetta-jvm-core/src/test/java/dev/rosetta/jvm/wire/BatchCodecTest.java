package dev.rosetta.jvm.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import dev.rosetta.jvm.Pid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import remote.Remote.MessageBatch;
import remote.Remote.MessageEnvelope;

class BatchCodecTest {
  static WireEnvelope env(String target, Pid sender, String type) {
    return new WireEnvelope(target, 0, sender, type, 0, ByteString.copyFromUtf8("x"), Map.of());
  }

  @Test
  void tablesAreDeduplicatedWithZeroBasedTypesAndTargetsAndOneBasedSenders() {
    Pid s = Pid.atGateway("$client/m/a$1");
    MessageBatch b = BatchEncoder.encode(List.of(env("echo", s, "T"), env("echo", null, "T"), env("sink", s.withRequestId(7), "U"))).getMessageBatch();
    assertEquals(List.of("T", "U"), b.getTypeNamesList());
    assertEquals(List.of("echo", "sink"), b.getTargetsList());
    assertEquals(1, b.getSendersCount());
    assertEquals(0, b.getSenders(0).getRequestId(), "request ids never go into the table");
    MessageEnvelope e0 = b.getEnvelopes(0), e1 = b.getEnvelopes(1), e2 = b.getEnvelopes(2);
    assertEquals(List.of(0, 0, 1), List.of(e0.getTarget(), e1.getTarget(), e2.getTarget()));
    assertEquals(List.of(1, 0, 1), List.of(e0.getSender(), e1.getSender(), e2.getSender()));
    assertEquals(7, e2.getSenderRequestId());
  }

  @Test
  void decodingRestoresRequestIdsAndHeaders() {
    Pid s = Pid.of("127.0.0.1:9", "future$3").withRequestId(42);
    WireEnvelope in = new WireEnvelope("$client/m/x", 5, s, "google.protobuf.StringValue", 0, ByteString.copyFromUtf8("p"), Map.of("traceparent", "00-1"));
    WireEnvelope out = BatchDecoder.decode(BatchEncoder.encode(List.of(in)).getMessageBatch(), p -> { throw new AssertionError(p); }).get(0);
    assertEquals(in, out);
  }

  @Test
  void anEnvelopeWithAnIndexOutOfRangeIsSkippedAndReportedTheRestKept() {
    MessageBatch b = BatchEncoder.encode(List.of(env("echo", null, "T"))).getMessageBatch().toBuilder()
        .addEnvelopes(MessageEnvelope.newBuilder().setTypeId(0).setTarget(3))
        .addEnvelopes(MessageEnvelope.newBuilder().setTypeId(9).setTarget(0))
        .addEnvelopes(MessageEnvelope.newBuilder().setTypeId(0).setTarget(0).setSender(2))
        .build();
    List<String> problems = new ArrayList<>();
    List<WireEnvelope> out = BatchDecoder.decode(b, problems::add);
    assertEquals(1, out.size());
    assertNull(out.get(0).sender());
    assertEquals(3, problems.size(), problems.toString());
  }
}
