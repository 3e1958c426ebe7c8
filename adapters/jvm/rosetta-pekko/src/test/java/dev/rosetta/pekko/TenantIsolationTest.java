package dev.rosetta.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rosetta.jvm.errors.NotFoundException;
import dev.rosetta.testkit.GatewayProcess;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A JVM client of one tenant cannot reach what a client of another tenant exposed; its own tenant can. */
class TenantIsolationTest {
  @RegisterExtension static final GatewayFixture gw = GatewayFixture.bare();
  static ActorTestKit acme;
  static ActorTestKit acme2;
  static ActorTestKit dev;

  @BeforeAll
  static void start() throws Exception {
    GatewayProcess p = gw.process();
    acme = gw.kit(Connected.config(p, p.token("acme", "alice"), Connected.memberId("acme")).build());
    acme2 = gw.kit(Connected.config(p, p.token("acme", "bob"), Connected.memberId("acme")).build());
    dev = gw.kit(Connected.config(p, p.devToken(), Connected.memberId("dev")).build());
    Connected.exposeEcho(acme, "vault");
  }

  @Test
  void aClientOfTheSameTenantReachesTheExposedName() throws Exception {
    assertEquals("jvm:open", Connected.await(Connected.ask(acme2, Rosetta.get(acme2.system()).refFor("vault"), "open")));
  }

  @Test
  void aClientOfAnotherTenantFindsNobodyThere() {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> Connected.await(Connected.ask(dev, Rosetta.get(dev.system()).refFor("vault"), "open")));
    assertInstanceOf(NotFoundException.class, e.getCause());
  }

  @Test
  void aTsActorOfAnotherTenantFindsNobodyThere() throws Exception {
    String reply = Connected.viaRequester(dev, "vault", "open");
    assertEquals("error: NOT_FOUND", reply.substring(0, Math.min(16, reply.length())));
  }
}
