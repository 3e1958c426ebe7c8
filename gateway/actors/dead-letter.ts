/**
 * The dead-letter process: where messages to missing or stopped actors go.
 * Never silent: every letter is counted and published; a request (a message with
 * a sender) is answered with DeadLetterResponse, exactly as Proto.Actor does, so
 * a remote Go future fails fast with ErrDeadLetter instead of timing out; a Watch
 * of a missing actor is answered Terminated{NotFound}.
 */
import { DeadLetterEvent } from './events.js';
import type { EventStream, Subscription } from './event-stream.js';
import { MessageEnvelope } from './message-envelope.js';
import { DeadLetterResponse, Terminated, TerminatedReason, Watch } from './messages.js';
import type { PID } from './pid.js';
import type { Process } from './process.js';
import type { Counter } from './metrics.js';

export interface DeadLetterSink {
  /** Number of dead letters since the system started. */
  readonly count: number;
  subscribe(handler: (event: DeadLetterEvent) => void): Subscription;
}

export class DeadLetterProcess implements Process, DeadLetterSink {
  count = 0;

  constructor(
    private readonly eventStream: EventStream,
    private readonly resolve: (pid: PID) => Process,
    private readonly counter: Counter = { add() {} },
  ) {}

  subscribe(handler: (event: DeadLetterEvent) => void): Subscription {
    return this.eventStream.subscribe(handler, DeadLetterEvent);
  }

  /**
   * Records a letter that could not be delivered — counted and published — without answering its
   * sender: for transports that answer in their own way (a typed error, a refusal frame).
   */
  record(pid: PID, message: unknown, sender?: PID): void {
    this.count++;
    this.counter.add();
    const inner = message instanceof MessageEnvelope ? message.message : message;
    this.eventStream.publish(new DeadLetterEvent(pid, inner, sender));
  }

  sendUserMessage(pid: PID, message: unknown, sender?: PID): void {
    this.record(pid, message, sender);
    const inner = message instanceof MessageEnvelope ? message.message : message;
    // Never answer a DeadLetterResponse with another one: two dead PIDs would ping-pong forever.
    if (sender && !(inner instanceof DeadLetterResponse)) {
      this.resolve(sender).sendUserMessage(sender, new DeadLetterResponse(pid));
    }
  }

  /**
   * A message refused rather than missed (e.g. the activation it needed is over the
   * actor limit): a dead letter like any other, but a sender is answered with
   * `error()` — a typed error it can act on — instead of DeadLetterResponse.
   */
  refuse(pid: PID, message: unknown, sender: PID | undefined, error: () => Error): void {
    this.count++;
    const inner = message instanceof MessageEnvelope ? message.message : message;
    this.eventStream.publish(new DeadLetterEvent(pid, inner, sender));
    // Never answer an answer: two refusing addresses would ping-pong forever.
    if (sender && !(inner instanceof DeadLetterResponse) && !(inner instanceof Error)) {
      this.resolve(sender).sendUserMessage(sender, error());
    }
  }

  sendSystemMessage(pid: PID, message: unknown): void {
    if (message instanceof Watch) {
      message.watcher && this.resolve(message.watcher).sendSystemMessage(message.watcher, new Terminated(pid, TerminatedReason.NotFound));
      return;
    }
    this.record(pid, message, undefined);
  }

  stop(_pid: PID): void {}
}
