/**
 * ActorSystem: owns the process registry, dispatcher, event stream, dead
 * letters, guardian, virtual-actor kinds and the root context. Transports attach
 * by setting the advertised `address` and registering an address resolver.
 *
 * @example
 *   const system = new ActorSystem();
 *   const echo = system.root.spawn(Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(ctx.message) }));
 *   await system.root.requestFuture(echo, 'hi', 1000); // 'hi'
 */
import { ActorCell } from './actor-cell.js';
import { DeadLetterProcess } from './dead-letter.js';
import { Dispatcher } from './dispatcher.js';
import { EventStream } from './event-stream.js';
import { Guardian } from './guardian.js';
import { KindRegistry } from './virtual/kind-registry.js';
import { startedMessage, stopMessage } from './messages.js';
import { PID } from './pid.js';
import { ProcessRegistry } from './process-registry.js';
import type { Props } from './props.js';
import { RootContext } from './root-context.js';
import { defaultSupervisorStrategy } from './supervision/one-for-one.js';
import type { SupervisorStrategy } from './supervision/supervisor-strategy.js';

export interface ActorSystemOptions {
  /** Advertised address (`host:port`); defaults to Proto.Actor's `nonhost` until a transport sets it. */
  address?: string;
  /** Strategy for top-level actors. */
  guardianStrategy?: SupervisorStrategy;
  /** Milliseconds of actor work per event-loop turn before yielding to I/O. */
  turnBudgetMs?: number;
}

export class ActorSystem {
  readonly registry = new ProcessRegistry();
  readonly eventStream = new EventStream();
  readonly dispatcher: Dispatcher;
  readonly deadLetters: DeadLetterProcess;
  readonly guardian: Guardian;
  readonly root: RootContext;
  readonly kinds: KindRegistry;
  /** Count of messages refused or dropped by bounded mailboxes. */
  mailboxOverflows = 0;

  constructor(options: ActorSystemOptions = {}) {
    if (options.address) this.registry.address = options.address;
    this.dispatcher = new Dispatcher(options.turnBudgetMs);
    this.deadLetters = new DeadLetterProcess(this.eventStream, (pid) => this.registry.resolve(pid));
    this.registry.deadLetter = this.deadLetters;
    this.guardian = new Guardian(this, options.guardianStrategy ?? defaultSupervisorStrategy);
    this.root = new RootContext(this);
    this.kinds = new KindRegistry(this);
  }

  get address(): string {
    return this.registry.address;
  }

  /** Set by the transport that makes this system reachable (its advertised host:port). */
  set address(address: string) {
    this.registry.address = address;
  }

  /** A PID for a local id at this system's address. */
  pid(id: string): PID {
    return new PID(this.registry.address, id);
  }

  /** Deliver a user message; the hot path of every send. */
  sendUser(pid: PID, message: unknown, sender: PID | undefined): void {
    this.registry.resolve(pid).sendUserMessage(pid, message, sender);
  }

  stop(pid: PID): void {
    this.registry.resolve(pid).sendSystemMessage(pid, stopMessage);
  }

  /** @internal spawn under an exact id; throws AlreadyExistsError if taken. */
  spawnWithId(props: Props, id: string, parent: PID | undefined): PID {
    const cell = new ActorCell(this, id, props, parent);
    this.registry.add(id, cell);
    const pid = new PID(this.registry.address, id);
    pid._p = cell;
    cell.postSystem(startedMessage);
    return pid;
  }

  /** Stops every top-level actor (children stop with their parents) and waits. */
  async shutdown(timeoutMs = 5_000): Promise<void> {
    const tops: PID[] = [];
    for (const id of this.registry.localIds()) {
      const p = this.registry.getLocal(id);
      if (p instanceof ActorCell && p.parent === undefined) tops.push(p.self);
    }
    await Promise.allSettled(tops.map((pid) => this.root.stopFuture(pid, timeoutMs)));
    this.kinds.clear();
  }
}
