package dev.rosetta.jvm.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rosetta.jvm.Pid;
import dev.rosetta.jvm.RosettaConfig;
import dev.rosetta.jvm.client.Addressing;
import dev.rosetta.jvm.client.ClientListener;
import dev.rosetta.jvm.client.RosettaClient;
import dev.rosetta.jvm.errors.FailedPreconditionException;
import dev.rosetta.jvm.errors.InvalidArgumentException;
import dev.rosetta.jvm.errors.PermissionDeniedException;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.testkit.GatewayProcess;
import dev.rosetta.testkit.YjsPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The documents API against a real gateway process and a stock Yjs peer (y-websocket 3.1 on the
 * gateway's /yjs endpoint): writes cross both ways, subscriptions see every writer, permissions and
 * tenants hold, refusals are typed.
 */
class DocumentsThroughGatewayTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static GatewayProcess gw;
  static final List<AutoCloseable> opened = new ArrayList<>();
  static RosettaClient dev;
  static Documents docs;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayProcess.start();
    dev = client(gw.devToken(), "docs");
    docs = dev.documents();
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) opened.get(i).close();
    if (gw != null) gw.close();
  }

  static RosettaClient client(String token, String prefix) throws Exception {
    RosettaClient c = RosettaClient.create(RosettaConfig.builder(gw.grpcAddress()).token(token).memberId(prefix + "-" + shortId()).build());
    opened.add(c);
    await(c.connect());
    return c;
  }

  static YjsPeer yjs(String document, String token) throws Exception {
    YjsPeer y = YjsPeer.start(gw.yjsUrl(), document, token, List.of("items"), List.of("settings"));
    opened.add(y);
    return y;
  }

  static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static String newDocument() {
    return "notes/" + shortId();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The typed failure of {@code f}. */
  static <E extends RosettaException> E failure(Class<E> type, CompletableFuture<?> f) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    return assertInstanceOf(type, e.getCause());
  }

  @Test
  void jvmWritesReachAStockYjsPeerAsYMapAndKvStoreEntries() throws Exception {
    String doc = newDocument();
    YjsPeer y = yjs(doc, gw.devToken());
    await(docs.set(doc, "items", Structure.MAP, Map.of("title", "groceries", "count", 3, "tags", List.of("a", "b"), "meta", Map.of("by", "jvm"))));
    await(docs.set(doc, "settings", Structure.KV, "theme", "dark"));
    await(docs.set(doc, "settings", Structure.KV, "blob", new byte[] {1, 2, 3}));
    JsonNode s = y.awaitState(st -> YjsPeer.kvValue(st, "settings", "blob").has("$bytes"), "the KV bytes entry at the Yjs peer");
    assertEquals("groceries", YjsPeer.mapValue(s, "items", "title").asText());
    assertEquals(3, YjsPeer.mapValue(s, "items", "count").asInt());
    assertEquals("b", YjsPeer.mapValue(s, "items", "tags").get(1).asText());
    assertEquals("jvm", YjsPeer.mapValue(s, "items", "meta").path("by").asText());
    assertEquals("dark", YjsPeer.kvValue(s, "settings", "theme").asText());
    assertArrayEquals(new byte[] {1, 2, 3}, Base64.getDecoder().decode(YjsPeer.kvValue(s, "settings", "blob").path("$bytes").asText()));
    // An overwrite in the KV replaces the entry at the peer too (KvStore, last write wins).
    await(docs.set(doc, "settings", Structure.KV, "theme", "light"));
    y.awaitState(st -> YjsPeer.kvValue(st, "settings", "theme").asText().equals("light"), "theme = light at the Yjs peer");
    await(docs.delete(doc, "items", Structure.MAP, "count"));
    y.awaitState(st -> !st.path("maps").path("items").has("count") && st.path("maps").path("items").has("title"), "count deleted at the Yjs peer");
  }

  @Test
  void yjsEditsReachTheJvmSubscriptionAndGet() throws Exception {
    String doc = newDocument();
    YjsPeer y = yjs(doc, gw.devToken());
    ChangeInbox items = new ChangeInbox();
    ChangeInbox settings = new ChangeInbox();
    await(docs.subscribe(Subscribe.of(doc, "items", Structure.MAP), items));
    await(docs.subscribe(Subscribe.of(doc, "settings", Structure.KV), settings));

    y.call(Map.of("op", "set", "map", "items", "key", "milk", "value", Map.of("qty", 2)));
    Changed c = items.next(ch -> ch.entries().containsKey("milk"), WAIT, "milk in the JVM subscription");
    assertEquals(Map.of("qty", 2L), c.entries().get("milk"));
    assertEquals(doc, c.document());
    assertEquals("items", c.name());
    assertTrue(c.seq() >= 1);
    assertEquals(Map.of("qty", 2L), await(docs.get(doc, "items", Structure.MAP, "milk")).get("milk"));

    y.call(Map.of("op", "kvSet", "kv", "settings", "key", "lang", "value", "fr"));
    assertEquals("fr", settings.next(ch -> ch.entries().containsKey("lang"), WAIT, "lang in the KV subscription").entries().get("lang"));
    y.call(Map.of("op", "kvSet", "kv", "settings", "key", "lang", "value", "de"));
    assertEquals("de", settings.next(ch -> ch.entries().containsKey("lang"), WAIT, "lang overwritten").entries().get("lang"));
    Entries kv = await(docs.get(doc, "settings", Structure.KV));
    assertTrue(kv.found());
    assertEquals(Map.of("lang", "de"), kv.values());

    y.call(Map.of("op", "delete", "map", "items", "key", "milk"));
    assertEquals(List.of("milk"), items.next(ch -> !ch.removed().isEmpty(), WAIT, "milk removed").removed());
    Entries gone = await(docs.get(doc, "items", Structure.MAP, "milk"));
    assertFalse(gone.found());
    assertFalse(gone.contains("milk"));
  }

  @Test
  void anUnsubscribedListenerHearsNothingMoreAndTheOtherKeepsListening() throws Exception {
    String doc = newDocument();
    ChangeInbox leaving = new ChangeInbox();
    ChangeInbox staying = new ChangeInbox();
    Subscription s = await(docs.subscribe(Subscribe.of(doc, "items", Structure.MAP), leaving));
    await(docs.subscribe(Subscribe.of(doc, "items", Structure.MAP), staying));
    await(docs.set(doc, "items", Structure.MAP, "a", 1));
    leaving.next(ch -> ch.entries().containsKey("a"), WAIT, "a before unsubscribing");
    assertTrue(await(s.unsubscribe()));
    assertTrue(s.isClosed());
    assertFalse(docs.subscriptions().contains(s));
    await(docs.set(doc, "items", Structure.MAP, "b", 2));
    staying.next(ch -> ch.entries().containsKey("b"), WAIT, "b after the other unsubscribed");
    // A read answered after the change: anything $crdt sent about b has arrived by now.
    await(docs.get(doc, "items", Structure.MAP));
    assertTrue(leaving.all().stream().noneMatch(ch -> ch.entries().containsKey("b")), "the unsubscribed listener got " + leaving.all());
  }

  @Test
  void aSubscriptionWithUpdatesCarriesRawYjsBytesAndAWholeDocumentSubscriptionSeesEveryStructure() throws Exception {
    String doc = newDocument();
    YjsPeer y = yjs(doc, gw.devToken());
    ChangeInbox whole = new ChangeInbox();
    await(docs.subscribe(Subscribe.whole(doc).withUpdates(), whole));
    await(docs.set(doc, "settings", Structure.KV, "k", "v"));
    Changed c = whole.next(ch -> ch.update().length > 0, WAIT, "a change with its update bytes");
    assertTrue(c.entries().isEmpty());
    JsonNode decoded = y.callFor(Map.of("op", "decode", "update", Base64.getEncoder().encodeToString(c.update())), "decoded");
    assertEquals("v", decoded.path("kvs").path("settings").path("k").asText());
  }

  @Test
  void rawStateAndRawUpdatesAreYjsV1BytesAStockPeerReads() throws Exception {
    String doc = newDocument();
    YjsPeer y = yjs(doc, gw.devToken());
    y.call(Map.of("op", "set", "map", "items", "key", "from-yjs", "value", "hello"));
    ChangeInbox items = new ChangeInbox();
    await(docs.subscribe(Subscribe.of(doc, "items", Structure.MAP), items));
    // Reads see the peer's edit once the gateway has it; wait for it through get's NotFound → found.
    assertEquals("hello", awaitValue(doc, "items", Structure.MAP, "from-yjs"));
    byte[] state = await(docs.state(doc));
    JsonNode decoded = y.callFor(Map.of("op", "decode", "update", Base64.getEncoder().encodeToString(state)), "decoded");
    assertEquals("hello", decoded.path("maps").path("items").path("from-yjs").asText());

    // An update made by another Yjs replica, applied through $crdt as bytes.
    String update = y.callFor(Map.of("op", "makeUpdate", "map", "items", "key", "from-bytes", "value", 7), "update-bytes").path("update").asText();
    await(docs.applyUpdate(doc, Base64.getDecoder().decode(update)));
    assertEquals(7L, items.next(ch -> ch.entries().containsKey("from-bytes"), WAIT, "the raw update's entry").entries().get("from-bytes"));
    y.awaitState(st -> YjsPeer.mapValue(st, "items", "from-bytes").asInt() == 7, "the raw update at the Yjs peer");
  }

  @Test
  void aReadOnlyTokenReadsAndSubscribesButItsWritesAreRefusedReadOnly() throws Exception {
    String doc = newDocument();
    await(docs.set(doc, "items", Structure.MAP, "a", 1));
    Documents ro = client(gw.token("dev", "reader", "--deny-crdt-write", ">"), "ro").documents();
    assertEquals(1L, await(ro.get(doc, "items", Structure.MAP)).get("a"));
    ChangeInbox inbox = new ChangeInbox();
    await(ro.subscribe(Subscribe.of(doc, "items", Structure.MAP), inbox));

    PermissionDeniedException e = failure(PermissionDeniedException.class, ro.set(doc, "items", Structure.MAP, "a", 2));
    assertEquals(DocumentReasons.READ_ONLY, e.reason());
    assertEquals(DocumentReasons.READ_ONLY, failure(PermissionDeniedException.class, ro.delete(doc, "items", Structure.MAP, "a")).reason());
    assertEquals(DocumentReasons.READ_ONLY, failure(PermissionDeniedException.class, ro.applyUpdate(doc, new byte[] {0, 0})).reason());
    // Nothing changed; the writer's next change reaches the reader's subscription.
    await(docs.set(doc, "items", Structure.MAP, "b", 2));
    inbox.next(ch -> ch.entries().containsKey("b"), WAIT, "the writer's change at the read-only subscriber");
    assertEquals(Map.of("a", 1L, "b", 2L), await(ro.get(doc, "items", Structure.MAP)).values());
  }

  @Test
  void aTokenThatMayNotReadADocumentIsRefusedReadDenied() throws Exception {
    Documents blind = client(gw.token("dev", "blind", "--deny-crdt-read", "secret/>"), "blind").documents();
    String doc = "secret/" + shortId();
    PermissionDeniedException e = failure(PermissionDeniedException.class, blind.get(doc, "items", Structure.MAP));
    assertEquals(DocumentReasons.READ_DENIED, e.reason());
    assertEquals(DocumentReasons.READ_DENIED, failure(PermissionDeniedException.class, blind.state(doc)).reason());
    assertEquals(DocumentReasons.READ_DENIED,
        failure(PermissionDeniedException.class, blind.subscribe(Subscribe.of(doc, "items", Structure.MAP), new ChangeInbox())).reason());
    assertTrue(blind.subscriptions().isEmpty());
    // Other documents are open to it.
    await(blind.set("open/" + shortId(), "items", Structure.MAP, "x", true));
  }

  @Test
  void tenantsAreIsolatedEvenUnderTheSameDocumentName() throws Exception {
    String doc = newDocument();
    Documents acme = client(gw.token("acme", "alice"), "acme").documents();
    YjsPeer acmeYjs = yjs(doc, gw.token("acme", "alice-browser"));
    ChangeInbox devInbox = new ChangeInbox();
    await(docs.subscribe(Subscribe.of(doc, "items", Structure.MAP), devInbox));

    await(acme.set(doc, "items", Structure.MAP, "owner", "acme"));
    await(docs.set(doc, "items", Structure.MAP, "owner", "dev"));
    // dev's first change is its own write: acme's (made and durable before it) never reached dev's document.
    Changed first = devInbox.next(ch -> true, WAIT, "dev's first change");
    assertEquals("dev", first.entries().get("owner"));
    assertEquals("acme", await(acme.get(doc, "items", Structure.MAP)).get("owner"));
    assertEquals("dev", await(docs.get(doc, "items", Structure.MAP)).get("owner"));
    acmeYjs.awaitState(st -> "acme".equals(YjsPeer.mapValue(st, "items", "owner").asText()), "acme's write at acme's Yjs peer");
    acmeYjs.call(Map.of("op", "dump"));
    assertEquals("acme", YjsPeer.mapValue(acmeYjs.awaitState(st -> "dump".equals(st.path("origin").asText()), "dump"), "items", "owner").asText());
  }

  @Test
  void consistencyAboveLocalIsRefusedConsistencyUnavailable() throws Exception {
    String doc = newDocument();
    Documents majority = docs.withConsistency(Consistency.MAJORITY);
    assertEquals(DocumentReasons.CONSISTENCY_UNAVAILABLE, failure(FailedPreconditionException.class, majority.get(doc, "items", Structure.MAP)).reason());
    assertEquals(DocumentReasons.CONSISTENCY_UNAVAILABLE, failure(FailedPreconditionException.class, docs.withConsistency(Consistency.ALL)
        .set(doc, "items", Structure.MAP, "a", 1)).reason());
    assertFalse(await(docs.get(doc, "items", Structure.MAP)).found());
  }

  @Test
  void bytesThatAreNotAYjsUpdateAreRefusedMalformedUpdateAndTheDocumentIsUntouched() throws Exception {
    String doc = newDocument();
    await(docs.set(doc, "items", Structure.MAP, "a", 1));
    InvalidArgumentException e = failure(InvalidArgumentException.class, docs.applyUpdate(doc, new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3}));
    assertEquals(DocumentReasons.MALFORMED_UPDATE, e.reason());
    assertEquals(Map.of("a", 1L), await(docs.get(doc, "items", Structure.MAP)).values());
  }

  @Test
  void aSubscriberThatIsAnotherClientsActorIsRefusedForeignSender() throws Exception {
    String doc = newDocument();
    Object request = DocumentRequests.subscribe(Subscribe.of(doc, "items", Structure.MAP), Pid.atGateway(Addressing.CLIENT_PREFIX + "somebody-else/crdt$1"));
    InvalidArgumentException e = failure(InvalidArgumentException.class, dev.ask(dev.gatewayPid(Addressing.CRDT), request, WAIT));
    assertEquals("foreign-sender", e.reason());
  }

  @Test
  void aSubscriptionIsMadeAgainAfterAReconnectAndTheListenerConverges() throws Exception {
    RosettaClient c = client(gw.devToken(), "resub");
    Documents mine = c.documents();
    String doc = newDocument();
    await(docs.set(doc, "settings", Structure.KV, Map.of("a", 1, "b", 2)));
    ChangeInbox inbox = new ChangeInbox();
    Subscription s = await(mine.subscribe(Subscribe.of(doc, "settings", Structure.KV), inbox));
    Pid before = s.pid();
    await(docs.set(doc, "settings", Structure.KV, "c", 3));
    inbox.next(ch -> ch.entries().containsKey("c"), WAIT, "c before the reconnect");

    CompletableFuture<Boolean> resumed = new CompletableFuture<>();
    c.addListener(new ClientListener() {
      @Override
      public void connected(boolean wasResumed) {
        resumed.complete(wasResumed);
      }
    });
    c.reconnect();
    // Written while the subscription is being made again: before or after it, the listener must end up right.
    await(docs.update(Update.of(doc, "settings", Structure.KV).delete("a").set("d", 4)));
    assertTrue(await(resumed));
    Changed resync = inbox.next(Changed::resync, WAIT, "the resync after the reconnect");
    assertEquals(0, resync.seq());
    await(docs.set(doc, "settings", Structure.KV, "e", 5));
    inbox.next(ch -> ch.entries().containsKey("e"), WAIT, "e after the reconnect");
    inbox.awaitView(await(docs.get(doc, "settings", Structure.KV)).values(), WAIT);
    assertEquals(Map.of("b", 2L, "c", 3L, "d", 4L, "e", 5L), inbox.view());
    assertFalse(before.equals(s.pid()), "a fresh subscriber PID after the reconnect");
    assertFalse(s.isClosed());
  }

  @Test
  void aSubscriptionTheNewTokenMayNotReadEndsAfterAReconnectWithItsTypedReason() throws Exception {
    String doc = "secret/" + shortId();
    String blind = gw.token("dev", "rotated", "--deny-crdt-read", "secret/>");
    java.util.concurrent.atomic.AtomicReference<String> token = new java.util.concurrent.atomic.AtomicReference<>(gw.devToken());
    RosettaClient c = RosettaClient.create(RosettaConfig.builder(gw.grpcAddress()).token(token::get).memberId("rotating-" + shortId()).build());
    opened.add(c);
    await(c.connect());
    ChangeInbox inbox = new ChangeInbox();
    Subscription s = await(c.documents().subscribe(Subscribe.of(doc, "items", Structure.MAP), inbox));
    token.set(blind);
    c.reconnect();
    PermissionDeniedException e = assertInstanceOf(PermissionDeniedException.class, await(inbox.failure));
    assertEquals(DocumentReasons.READ_DENIED, e.reason());
    await(s.closed());
    assertTrue(s.isClosed());
    assertTrue(c.documents().subscriptions().isEmpty());
  }

  @Test
  void badRequestsFailBeforeTheyAreSent() {
    assertEquals(DocumentReasons.INVALID_DOCUMENT_NAME, failure(InvalidArgumentException.class, docs.get("", "items", Structure.MAP)).reason());
    failure(InvalidArgumentException.class, docs.set(newDocument(), "", Structure.MAP, "a", 1));
    assertEquals("bad-value", failure(InvalidArgumentException.class, docs.set(newDocument(), "items", Structure.MAP, "n", Long.MAX_VALUE)).reason());
  }

  /** Waits (by reading again after each change notification) until {@code key} is present; returns its value. */
  static Object awaitValue(String doc, String name, Structure structure, String key) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    ChangeInbox inbox = new ChangeInbox();
    Subscription s = await(docs.subscribe(Subscribe.of(doc, name, structure), inbox));
    try {
      for (;;) {
        Entries e = await(docs.get(doc, name, structure, key));
        if (e.found()) return e.get(key);
        if (System.nanoTime() > deadline) throw new AssertionError(key + " never appeared in " + doc);
        inbox.next(ch -> ch.entries().containsKey(key), WAIT, key + " in " + doc);
      }
    } finally {
      s.unsubscribe();
    }
  }
}
