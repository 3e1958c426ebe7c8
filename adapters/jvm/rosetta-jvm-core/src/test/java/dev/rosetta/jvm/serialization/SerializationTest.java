package dev.rosetta.jvm.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.StringValue;
import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.errors.DeadLetterException;
import dev.rosetta.jvm.errors.InvalidArgumentException;
import dev.rosetta.jvm.errors.PermissionDeniedException;
import dev.rosetta.jvm.errors.UnknownTypeException;
import org.junit.jupiter.api.Test;

class SerializationTest {
  record Quote(String symbol, long cents) {}

  final Serialization s = new Serialization(TypeRegistry.withDefaults().registerJson("test.Quote", Quote.class), Serialization.defaultObjectMapper());

  @Test
  void aStringTravelsAsStringValue() {
    WirePayload p = s.toWire("hi");
    assertEquals("google.protobuf.StringValue", p.typeName());
    assertEquals(StringValue.of("hi").toByteString(), p.payload());
    assertEquals("hi", s.fromWire(p.typeName(), p.serializerId(), p.payload()));
  }

  @Test
  void aRecordTravelsAsJsonUnderItsRegisteredName() {
    WirePayload p = s.toWire(new Quote("ACME", 1234));
    assertEquals("test.Quote", p.typeName());
    assertEquals(SerializerId.JSON, p.serializerId());
    assertEquals("{\"symbol\":\"ACME\",\"cents\":1234}", p.payload().toStringUtf8());
    assertEquals(new Quote("ACME", 1234), s.fromWire("test.Quote", 1, p.payload()));
  }

  @Test
  void bytesTravelAsBytesValue() {
    WirePayload p = s.toWire(new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) s.fromWire(p.typeName(), p.serializerId(), p.payload()));
  }

  @Test
  void anUnknownTypeNameIsATypedErrorNotACrash() {
    UnknownTypeException proto = assertThrows(UnknownTypeException.class, () -> s.fromWire("shop.Order", 0, ByteString.EMPTY));
    assertEquals("unknown-type", proto.reason());
    assertThrows(UnknownTypeException.class, () -> s.fromWire("shop.Order", 1, ByteString.copyFromUtf8("{}")));
    assertThrows(UnknownTypeException.class, () -> s.fromWire("x", 32, ByteString.EMPTY));
    assertThrows(UnknownTypeException.class, () -> s.fromWire("test.Quote", 1, ByteString.copyFromUtf8("{not json")));
    assertThrows(UnknownTypeException.class, () -> s.fromWire("google.protobuf.StringValue", 0, ByteString.copyFrom(new byte[] {(byte) 0x0a, 5})));
  }

  @Test
  void errorsAndDeadLettersDecodeToTypedExceptions() {
    WirePayload err = s.toWire(new PermissionDeniedException("no", "send-denied", java.util.Map.of("k", "v"), null));
    PermissionDeniedException back = assertInstanceOf(PermissionDeniedException.class, s.fromWire(err.typeName(), err.serializerId(), err.payload()));
    assertEquals("send-denied", back.reason());
    assertEquals("v", back.details().get("k"));
    WirePayload dl = s.toWire(new DeadLetterException(Pid.of("a:1", "gone")));
    assertEquals(Pid.of("a:1", "gone"), assertInstanceOf(DeadLetterException.class, s.fromWire(dl.typeName(), 0, dl.payload())).target());
  }

  @Test
  void nullCannotCrossTheWire() {
    assertThrows(InvalidArgumentException.class, () -> s.toWire(null));
  }
}
