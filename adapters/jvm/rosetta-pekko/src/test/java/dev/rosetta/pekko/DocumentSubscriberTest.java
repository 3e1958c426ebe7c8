package dev.rosetta.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.jvm.documents.Changed;
import dev.rosetta.jvm.documents.DocumentReasons;
import dev.rosetta.jvm.documents.Structure;
import dev.rosetta.jvm.documents.Subscribe;
import dev.rosetta.jvm.documents.Subscription;
import dev.rosetta.jvm.errors.PermissionDeniedException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Actors subscribed to replicated documents: changes arrive as messages, the subscription ends with the actor. */
class DocumentSubscriberTest {
  @RegisterExtension static final GatewayFixture gw = GatewayFixture.withDevKit("docs");

  static String newDocument() {
    return Connected.named("doc") + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void anActorReceivesEveryChangeAsAMessage() throws Exception {
    Rosetta rosetta = gw.rosetta();
    String doc = newDocument();
    TestProbe<Changed> probe = gw.kit().createTestProbe(Changed.class);
    Connected.await(rosetta.subscribe(Subscribe.of(doc, "cart", Structure.KV), probe.getRef()));
    Connected.await(rosetta.documents().set(doc, "cart", Structure.KV, "sku-1", 2));
    Changed c = probe.expectMessageClass(Changed.class, Connected.WAIT);
    assertEquals(Map.of("sku-1", 2L), c.entries());
    Connected.await(rosetta.documents().delete(doc, "cart", Structure.KV, "sku-1"));
    assertEquals(java.util.List.of("sku-1"), probe.expectMessageClass(Changed.class, Connected.WAIT).removed());
  }

  /** A cart actor with a protocol of its own: changes reach it through a message adapter, as the README shows. */
  record CartChanged(Changed change) {}

  static Behavior<Object> cart(Rosetta rosetta, String doc, ActorRef<Object> report) {
    return Behaviors.setup(ctx -> {
      rosetta.subscribe(Subscribe.of(doc, "items", Structure.KV), ctx.messageAdapter(Changed.class, CartChanged::new))
          .whenComplete((sub, err) -> report.tell(err == null ? "subscribed" : err));
      return Behaviors.receive(Object.class)
          .onMessage(CartChanged.class, c -> { report.tell(c.change().entries()); return Behaviors.same(); })
          .build();
    });
  }

  @Test
  void anActorWithItsOwnProtocolSubscribesThroughAMessageAdapter() throws Exception {
    Rosetta rosetta = gw.rosetta();
    String doc = newDocument();
    TestProbe<Object> report = gw.kit().createTestProbe();
    gw.kit().spawn(cart(rosetta, doc, report.getRef()));
    report.expectMessage(Connected.WAIT, "subscribed");
    Connected.await(rosetta.documents().set(doc, "items", Structure.KV, "sku-9", 1));
    report.expectMessage(Connected.WAIT, Map.of("sku-9", 1L));
  }

  @Test
  void theSubscriptionEndsWhenTheActorStopsAndAnActorThatIsAlsoExposedLosesItsNameToo() throws Exception {
    ActorTestKit kit = gw.kit();
    Rosetta rosetta = gw.rosetta();
    String doc = newDocument();
    String name = Connected.named("doc-owner-" + System.nanoTime());
    TestProbe<Object> seen = kit.createTestProbe();
    Behavior<Object> both = Behaviors.receive(Object.class)
        .onMessage(Changed.class, c -> { seen.getRef().tell(c); return Behaviors.same(); })
        .onMessage(Envelope.class, e -> { e.reply("owner:" + e.message()); return Behaviors.same(); })
        .build();
    ActorRef<Object> owner = kit.spawn(both);
    Connected.await(rosetta.expose(name, owner.narrow()));
    Subscription sub = (Subscription) Connected.await(rosetta.subscribe(Subscribe.of(doc, "m", Structure.MAP), owner.narrow()));
    Connected.await(rosetta.documents().set(doc, "m", Structure.MAP, "k", "v"));
    seen.expectMessageClass(Changed.class, Connected.WAIT);
    assertEquals("owner:hi", Connected.viaRequester(kit, name, "hi"));

    kit.stop(owner);
    Connected.await(sub.closed());
    assertTrue(rosetta.documents().subscriptions().stream().noneMatch(s -> s == sub));
    // Both things the actor held were released by one watch.
    String after = "";
    for (long deadline = System.nanoTime() + Connected.WAIT.toNanos(); System.nanoTime() < deadline; ) {
      after = Connected.viaRequester(kit, name, "again");
      if (after.startsWith("error: ")) break;
    }
    assertEquals("error: NOT_FOUND", after.substring(0, Math.min(after.length(), 16)));
  }

  @Test
  void aSubscriptionTheTokenMayNotReadFailsWithItsTypedReason() throws Exception {
    ActorTestKit blind = gw.kit(Connected.config(gw.process(), gw.process().token("dev", "blind", "--deny-crdt-read", ">"),
        Connected.memberId(Connected.named("blind"))).build());
    TestProbe<Changed> probe = blind.createTestProbe(Changed.class);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> Connected.await(Rosetta.get(blind.system()).subscribe(Subscribe.of(newDocument(), "m", Structure.MAP), probe.getRef())));
    assertEquals(DocumentReasons.READ_DENIED, assertInstanceOf(PermissionDeniedException.class, e.getCause()).reason());
  }
}
