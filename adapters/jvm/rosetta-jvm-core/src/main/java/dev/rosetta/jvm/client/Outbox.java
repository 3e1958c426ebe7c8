package dev.rosetta.jvm.client;

import dev.rosetta.jvm.Pid;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** What the client's books need from the client: sending and asking. */
interface Outbox {
  void send(Pid target, Object message, Pid sender);

  CompletableFuture<Object> ask(Pid target, Object message, Duration timeout);
}
