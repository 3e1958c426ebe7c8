package dev.rosetta.jvm.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rosetta.jvm.client.Addressing;
import dev.rosetta.jvm.serialization.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
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
    assertEquals(v.path("typeNames").path("StringValue").asText(), Serialization.STRING_VALUE);
    assertEquals(v.path("typeNames").path("Error").asText(), Serialization.ERROR);
    assertEquals(v.path("typeNames").path("DeadLetterResponse").asText(), Serialization.DEAD_LETTER_RESPONSE);
  }
}
