package dev.rosetta.akka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rosetta.jvm.errors.NotFoundException;
import dev.rosetta.testkit.GatewayProcess;
import java.util.concurrent.ExecutionException;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A JVM client of one tenant cannot reach what a client of another tenant exposed; its own tenant can. */
class TenantIsolationTest {
  static GatewayProcess gw;
  static ActorTestKit acme;
  static ActorTestKit acme2;
  static ActorTestKit dev;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayProcess.start();
    acme = Connected.kit(Connected.config(gw, gw.token("acme", "alice"), Connected.memberId("acme")).build());
    acme2 = Connected.kit(Connected.config(gw, gw.token("acme", "bob"), Connected.memberId("acme")).build());
    dev = Connected.kit(Connected.config(gw, gw.devToken(), Connected.memberId("dev")).build());
    Connected.await(Rosetta.get(acme.system()).expose("vault", acme.spawn(TsInteropTest.jvmEcho())));
  }

  @AfterAll
  static void stop() {
    for (ActorTestKit k : new ActorTestKit[] {acme, acme2, dev}) if (k != null) k.shutdownTestKit();
    if (gw != null) gw.close();
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
    String reply = (String) Connected.await(Connected.ask(dev, Rosetta.get(dev.system()).refFor("requester"), "vault|open"));
    assertEquals("error: NOT_FOUND", reply.substring(0, Math.min(16, reply.length())));
  }
}
