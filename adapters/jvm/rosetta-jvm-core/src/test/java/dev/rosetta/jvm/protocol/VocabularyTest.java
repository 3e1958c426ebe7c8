package dev.rosetta.jvm.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import dev.rosetta.jvm.client.Addressing;
import dev.rosetta.jvm.documents.DocumentReasons;
import dev.rosetta.jvm.serialization.Serialization;
import dev.rosetta.jvm.serialization.TypeRegistry;
import dev.rosetta.protocol.v1.CrdtChanged;
import dev.rosetta.protocol.v1.CrdtGet;
import dev.rosetta.protocol.v1.CrdtGetResponse;
import dev.rosetta.protocol.v1.CrdtSubscribe;
import dev.rosetta.protocol.v1.CrdtSubscribeResponse;
import dev.rosetta.protocol.v1.CrdtUnsubscribe;
import dev.rosetta.protocol.v1.CrdtUnsubscribeResponse;
import dev.rosetta.protocol.v1.CrdtUpdate;
import dev.rosetta.protocol.v1.CrdtUpdateResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JVM adapter's constants equal protocol/vocabulary.json, which the TS and Go sides check too. */
class VocabularyTest {
  @Test
  void constantsMatchTheSharedVocabulary() throws Exception {
    Path file = Path.of("../../../protocol/vocabulary.json").toAbsolutePath().normalize();
    JsonNode v = new ObjectMapper().readTree(Files.readString(file));
    assertEquals(v.path("idPrefixes").path("client").asText(), Addressing.CLIENT_PREFIX);
    assertEquals(v.path("idPrefixes").path("relay").asText(), Addressing.RELAY_PREFIX);
    assertEquals(v.path("wellKnownIds").path("registry").asText(), Addressing.REGISTRY);
    assertEquals(v.path("wellKnownIds").path("crdt").asText(), Addressing.CRDT);
    List<String> reasons = new ArrayList<>();
    v.path("crdtReasons").forEach(r -> reasons.add(r.asText()));
    assertEquals(reasons, DocumentReasons.ALL);
    // Each $crdt message name is the generated class's full name, and the client decodes it by default.
    for (Message m : new Message[] {
        CrdtGet.getDefaultInstance(), CrdtGetResponse.getDefaultInstance(),
        CrdtUpdate.getDefaultInstance(), CrdtUpdateResponse.getDefaultInstance(),
        CrdtSubscribe.getDefaultInstance(), CrdtSubscribeResponse.getDefaultInstance(),
        CrdtUnsubscribe.getDefaultInstance(), CrdtUnsubscribeResponse.getDefaultInstance(),
        CrdtChanged.getDefaultInstance()}) {
      String simple = m.getDescriptorForType().getName();
      assertEquals(v.path("typeNames").path(simple).asText(), m.getDescriptorForType().getFullName(), simple);
      assertTrue(TypeRegistry.withDefaults().protobufParser(m.getDescriptorForType().getFullName()).isPresent(), simple);
    }
    assertEquals(v.path("typeNames").path("StringValue").asText(), Serialization.STRING_VALUE);
    assertEquals(v.path("typeNames").path("Error").asText(), Serialization.ERROR);
    assertEquals(v.path("typeNames").path("DeadLetterResponse").asText(), Serialization.DEAD_LETTER_RESPONSE);
  }
}
