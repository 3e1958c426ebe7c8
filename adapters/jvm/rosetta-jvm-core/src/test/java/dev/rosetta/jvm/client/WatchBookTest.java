package dev.rosetta.jvm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.rosetta.jvm.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WatchBookTest {
  final Addressing a = new Addressing("127.0.0.1:8090", "m1");
  final List<Object[]> sent = new ArrayList<>();
  final WatchBook book = new WatchBook(a, new Outbox() {
    @Override public void send(Pid target, Object message, Pid sender) { sent.add(new Object[] {target, message}); }
    @Override public CompletableFuture<Object> ask(Pid target, Object message, Duration timeout) { return new CompletableFuture<>(); }
  });

  private String watcherOf(int i) {
    return a.localIdOf(((actor.Actor.Watch) sent.get(i)[1]).getWatcher().getId());
  }

  @Test
  void aWatchOfANameIsToldWhenTheTerminatedNamesTheActorBehindIt() {
    List<TerminatedReason> heard = new ArrayList<>();
    book.watch(Pid.atGateway("desk"), (who, why) -> heard.add(why));
    String watcher = watcherOf(0);
    book.terminated(watcher, Pid.atGateway("ws$abc/named/desk"), TerminatedReason.STOPPED);
    assertEquals(List.of(TerminatedReason.STOPPED), heard);
    assertEquals(0, book.size());
  }

  @Test
  void eachWatchedTargetHasAWatcherPidOfItsOwn() {
    book.watch(Pid.atGateway("a"), (who, why) -> {});
    book.watch(Pid.atGateway("b"), (who, why) -> {});
    book.watch(Pid.atGateway("a"), (who, why) -> {});
    assertEquals(2, sent.size(), "one Watch per target");
    assertNotEquals(watcherOf(0), watcherOf(1));
  }
}
