package dev.rosetta.jvm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.RosettaConfig;
import dev.rosetta.jvm.errors.AlreadyExistsException;
import dev.rosetta.jvm.errors.DeadlineExceededException;
import dev.rosetta.jvm.errors.InvalidArgumentException;
import dev.rosetta.jvm.errors.UnknownTypeException;
import dev.rosetta.jvm.serialization.TypeRegistry;
import dev.rosetta.testkit.GatewayProcess;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The core client without an actor library, two clients through a real gateway: JSON types, undecodable replies, member ids, timeouts. */
class ClientThroughGatewayTest {
  record Quote(String symbol, long cents) {}

  static GatewayProcess gw;
  static RosettaClient knows;
  static RosettaClient ignorant;
  static final Duration WAIT = Duration.ofSeconds(15);

  static RosettaClient client(String member, TypeRegistry types) throws Exception {
    RosettaClient c = RosettaClient.create(RosettaConfig.builder(gw.grpcAddress()).token(gw.devToken()).memberId(member).types(types).build());
    c.connect().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return c;
  }

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayProcess.start();
    knows = client("knows-" + UUID.randomUUID().toString().substring(0, 6), TypeRegistry.withDefaults().registerJson("test.Quote", Quote.class));
    ignorant = client("ignorant-" + UUID.randomUUID().toString().substring(0, 6), TypeRegistry.withDefaults());
    // A quote service on the first client: answers any message with a Quote (JSON, serializer 1).
    knows.register("quotes", (m, sender, headers) -> knows.tell(sender, new Quote("ACME", 1234), null, null));
    knows.registerName("quotes-" + knows.config().memberId(), "quotes").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @AfterAll
  static void stop() {
    if (knows != null) knows.close();
    if (ignorant != null) ignorant.close();
    if (gw != null) gw.close();
  }

  Pid quotes() {
    return Pid.atGateway("quotes-" + knows.config().memberId());
  }

  @Test
  void aJsonRecordRoundTripsBetweenClientsThatRegisteredIt() throws Exception {
    assertEquals(new Quote("ACME", 1234), knows.ask(quotes(), "price?", WAIT).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void aReplyOfAnUnregisteredTypeFailsTheAskWithATypedError() {
    ExecutionException e = assertThrows(ExecutionException.class, () -> ignorant.ask(quotes(), "price?", WAIT).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    UnknownTypeException u = assertInstanceOf(UnknownTypeException.class, e.getCause());
    assertEquals("test.Quote", u.typeName());
  }

  @Test
  void aRequestOfAnUnregisteredTypeIsAnsweredWithATypedErrorAndTheClientKeepsWorking() throws Exception {
    ignorant.register("strict", (m, sender, headers) -> ignorant.tell(sender, "ok", null, null));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> knows.ask(ignorant.addressing().local("strict"), new Quote("X", 1), WAIT).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(InvalidArgumentException.class, e.getCause());
    assertEquals("unknown-type", ((InvalidArgumentException) e.getCause()).reason());
    assertEquals("ok", knows.ask(ignorant.addressing().local("strict"), "plain", WAIT).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void anAskNobodyAnswersFailsWithDeadlineExceeded() {
    knows.register("silent", (m, sender, headers) -> {});
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> ignorant.ask(knows.addressing().local("silent"), "x", Duration.ofMillis(300)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(DeadlineExceededException.class, e.getCause());
  }

  @Test
  void aForeignSenderIsRefusedWithATypedErrorToTheClientItself() throws Exception {
    java.util.concurrent.CompletableFuture<dev.rosetta.jvm.errors.RosettaException> refusal = new java.util.concurrent.CompletableFuture<>();
    ignorant.addListener(new ClientListener() {
      @Override
      public void error(dev.rosetta.jvm.errors.RosettaException error) {
        refusal.complete(error);
      }
    });
    ignorant.tell(Pid.atGateway("echo"), "x", Pid.atGateway("$client/somebody-else/a$1"), null);
    InvalidArgumentException e = assertInstanceOf(InvalidArgumentException.class, refusal.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals("foreign-sender", e.reason());
  }

  @Test
  void aSecondClientWithALiveMemberIdIsRefused() {
    RosettaClient twin = RosettaClient.create(RosettaConfig.builder(gw.grpcAddress()).token(gw.devToken()).memberId(knows.config().memberId()).build());
    try {
      ExecutionException e = assertThrows(ExecutionException.class, () -> twin.connect().get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      AlreadyExistsException a = assertInstanceOf(AlreadyExistsException.class, e.getCause());
      // PROTOCOL.md §1a names the reason `member-in-use`, but the gateway's stream status carries only the
      // message (no "<reason>: " prefix, no trailer), so the code and the message are what can be checked.
      assertEquals(dev.rosetta.jvm.errors.StatusCode.ALREADY_EXISTS, a.code());
      org.junit.jupiter.api.Assertions.assertTrue(a.getMessage().contains("in use"), a.getMessage());
    } finally {
      twin.close();
    }
  }
}
