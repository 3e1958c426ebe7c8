/**
 * What an actor sees while it handles a message, Proto.Actor's `Context`.
 * `RootContext` (outside any actor) implements the sender and spawner halves.
 */
import type { Receive } from './actor.js';
import type { MessageHeaders } from './message-envelope.js';
import type { PID } from './pid.js';
import type { Props } from './props.js';
import type { Cancelable } from './timers.js';
import type { ActorSystem } from './actor-system.js';

export interface SenderContext {
  /** Fire-and-forget. */
  send(pid: PID, message: unknown, headers?: MessageHeaders): void;
  /** Send with a sender, so the target can `respond`. */
  request(pid: PID, message: unknown, sender?: PID): void;
  /**
   * Ask: resolves with the reply; rejects with DeadlineExceededError after
   * `timeoutMs`, DeadLetterError when the target does not exist, or the
   * RosettaError the target replied with.
   */
  requestFuture<T = unknown>(pid: PID, message: unknown, timeoutMs: number, headers?: MessageHeaders): Promise<T>;
}

export interface SpawnerContext {
  spawn(props: Props): PID;
  /** Throws AlreadyExistsError when the name is taken. */
  spawnNamed(props: Props, name: string): PID;
  spawnPrefix(props: Props, prefix: string): PID;
}

export interface StopperContext {
  /** Stop now: system message, ahead of queued user messages. */
  stop(pid: PID): void;
  /** Stop after the messages already queued (a PoisonPill user message). */
  poison(pid: PID): void;
  stopFuture(pid: PID, timeoutMs?: number): Promise<void>;
  poisonFuture(pid: PID, timeoutMs?: number): Promise<void>;
}

export interface Context extends SenderContext, SpawnerContext, StopperContext {
  readonly system: ActorSystem;
  readonly self: PID;
  readonly parent: PID | undefined;
  readonly sender: PID | undefined;
  readonly message: unknown;
  readonly headers: MessageHeaders;
  readonly children: readonly PID[];

  /** Reply to the current sender; a dead letter when there is none. */
  respond(message: unknown): void;
  /** Pass the current message on, keeping its sender and headers. */
  forward(pid: PID): void;

  watch(pid: PID): void;
  unwatch(pid: PID): void;

  /** Deliver ReceiveTimeout after `ms` without user messages; 0 cancels. */
  setReceiveTimeout(ms: number): void;
  cancelReceiveTimeout(): void;
  readonly receiveTimeout: number;

  become(receive: Receive): void;
  becomeStacked(receive: Receive): void;
  unbecome(): void;

  /** Keep the current message for later; `unstashAll` puts them back in front of the mailbox. */
  stash(): void;
  unstashAll(): void;

  /** Timers owned by the actor: cancelled automatically when it stops. */
  scheduleOnce(delayMs: number, pid: PID, message: unknown): Cancelable;
  scheduleRepeatedly(initialDelayMs: number, intervalMs: number, pid: PID, message: unknown): Cancelable;
}
