package dev.rosetta.jvm.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.rosetta.jvm.errors.InvalidArgumentException;
import dev.rosetta.protocol.v1.CrdtEntry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Java values ⇄ google.protobuf.Value / CrdtEntry, as crdt/proto-values.ts reads and writes them. */
class DocumentValuesTest {
  record Item(String sku, int qty) {}

  enum Color { RED }

  static Value num(double d) {
    return Value.newBuilder().setNumberValue(d).build();
  }

  static Value str(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  @Test
  void scalarsBecomeTheirValueKinds() {
    assertEquals(Value.KindCase.NULL_VALUE, DocumentValues.toValue(null).getKindCase());
    assertEquals(str("x"), DocumentValues.toValue("x"));
    assertEquals(str("c"), DocumentValues.toValue('c'));
    assertEquals(Value.newBuilder().setBoolValue(true).build(), DocumentValues.toValue(true));
    assertEquals(num(3), DocumentValues.toValue(3));
    assertEquals(num(3), DocumentValues.toValue(3L));
    assertEquals(num(2.5), DocumentValues.toValue(2.5f));
    assertEquals(num(0.1), DocumentValues.toValue(new BigDecimal("0.1")));
    assertEquals(num(-7), DocumentValues.toValue((short) -7));
  }

  @Test
  void mapsListsAndArraysNestInOrder() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("z", 1);
    m.put("a", List.of("x", false));
    m.put("n", null);
    Value v = DocumentValues.toValue(m);
    assertEquals(List.of("z", "a", "n"), new ArrayList<>(v.getStructValue().getFieldsMap().keySet()));
    assertEquals(ListValue.newBuilder().addValues(str("x")).addValues(Value.newBuilder().setBoolValue(false)).build(),
        v.getStructValue().getFieldsOrThrow("a").getListValue());
    assertEquals(NullValue.NULL_VALUE, v.getStructValue().getFieldsOrThrow("n").getNullValue());
    assertEquals(DocumentValues.toValue(List.of(1, 2)), DocumentValues.toValue(new int[] {1, 2}));
    assertEquals(DocumentValues.toValue(List.of("a", "b")), DocumentValues.toValue(new String[] {"a", "b"}));
  }

  @Test
  void recordsEnumsAndJsonNodesGoThroughTheirJacksonTree() {
    Value v = DocumentValues.toValue(new Item("sku-1", 2));
    assertEquals(str("sku-1"), v.getStructValue().getFieldsOrThrow("sku"));
    assertEquals(num(2), v.getStructValue().getFieldsOrThrow("qty"));
    assertEquals(str("RED"), DocumentValues.toValue(Color.RED));
    assertEquals(DocumentValues.toValue(Map.of("k", List.of(1.5))), DocumentValues.toValue(new ObjectMapper().createObjectNode().set("k", new ObjectMapper().createArrayNode().add(1.5))));
  }

  @Test
  void readingGivesLongsForWholeNumbersAndDoublesOtherwise() {
    assertEquals(2L, DocumentValues.fromValue(num(2.0)));
    assertEquals(-9_007_199_254_740_992L, DocumentValues.fromValue(num(-9_007_199_254_740_992d)));
    assertEquals(2.5, DocumentValues.fromValue(num(2.5)));
    assertEquals(1e300, DocumentValues.fromValue(num(1e300)));
    assertNull(DocumentValues.fromValue(Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build()));
    assertNull(DocumentValues.fromValue(Value.getDefaultInstance()));
  }

  @Test
  void aNestedValueRoundTrips() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "x");
    m.put("n", 4L);
    m.put("f", 0.25);
    m.put("b", true);
    m.put("nil", null);
    m.put("l", Arrays.asList(1L, "two", null, Map.of("deep", List.of())));
    assertEquals(m, DocumentValues.fromValue(DocumentValues.toValue(m)));
  }

  @Test
  void wholeBytesAreABinaryEntryAndNestedBytesABase64StringAsJsonHasThem() {
    CrdtEntry e = DocumentValues.toEntry("blob", new byte[] {1, 2, (byte) 255});
    assertTrue(e.getIsBinary());
    assertTrue(!e.hasValue());
    assertArrayEquals(new byte[] {1, 2, (byte) 255}, (byte[]) DocumentValues.fromEntry(e));
    assertEquals(str("AQL/"), DocumentValues.toValue(Map.of("b", new byte[] {1, 2, (byte) 255})).getStructValue().getFieldsOrThrow("b"));
    assertEquals(7L, DocumentValues.fromEntry(DocumentValues.toEntry("n", 7)));
    assertNull(DocumentValues.fromEntry(CrdtEntry.newBuilder().setKey("unset").build()));
  }

  @Test
  void entriesReadAsAnOrderedMapWhereTheLastOfAKeyWins() {
    Map<String, Object> m = DocumentValues.fromEntries(List.of(DocumentValues.toEntry("b", 1), DocumentValues.toEntry("a", 2), DocumentValues.toEntry("b", 3)));
    assertEquals(List.of("b", "a"), new ArrayList<>(m.keySet()));
    assertEquals(3L, m.get("b"));
    assertThrows(UnsupportedOperationException.class, () -> m.put("c", 1));
  }

  @Test
  void whatAJsonNumberCannotHoldIsRefused() {
    for (Object bad : new Object[] {Long.MAX_VALUE, Long.MIN_VALUE, DocumentValues.MAX_SAFE_INTEGER + 1, BigInteger.TWO.pow(64), Double.NaN,
        Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, new BigDecimal("1e400")}) {
      InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> DocumentValues.toValue(bad), String.valueOf(bad));
      assertEquals("bad-value", e.reason());
    }
    assertEquals(num(DocumentValues.MAX_SAFE_INTEGER), DocumentValues.toValue(DocumentValues.MAX_SAFE_INTEGER));
  }

  @Test
  void nonStringKeysTooDeepNestingAndCyclesAreRefused() {
    assertEquals("bad-value", assertThrows(InvalidArgumentException.class, () -> DocumentValues.toValue(Map.of(1, "x"))).reason());
    Object deep = "leaf";
    for (int i = 0; i <= DocumentValues.MAX_DEPTH; i++) deep = List.of(deep);
    Object tooDeep = deep;
    assertThrows(InvalidArgumentException.class, () -> DocumentValues.toValue(tooDeep));
    Map<String, Object> cycle = new HashMap<>();
    cycle.put("self", cycle);
    assertThrows(InvalidArgumentException.class, () -> DocumentValues.toValue(cycle));
    assertThrows(InvalidArgumentException.class, () -> DocumentValues.toEntry(null, 1));
  }

  @Test
  void tooDeepIncomingValuesAreRefusedToo() {
    Value v = str("leaf");
    for (int i = 0; i <= DocumentValues.MAX_DEPTH; i++) v = Value.newBuilder().setStructValue(Struct.newBuilder().putFields("k", v)).build();
    Value tooDeep = v;
    assertThrows(InvalidArgumentException.class, () -> DocumentValues.fromValue(tooDeep));
  }
}
