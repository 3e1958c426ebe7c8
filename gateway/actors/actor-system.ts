/**
 * ActorSystem: owns the process registry, dispatcher, event stream, dead
 * letters, guardian, virtual-actor kinds and the root context. Transports attach
 * by setting the advertised `address` and registering an address resolver.
 *
 * Live actors (spawned and activated; futures are not actors) are counted in
 * O(1) — up at spawn, down when a cell is removed — and may be capped with
 * `maxActors`: past it a spawn throws ResourceExhaustedError (reason `actors`)
 * and a message that would activate a virtual actor is refused (kind-registry.ts).
 *
 * @example
 *   const system = new ActorSystem({ maxActors: 100_000 });
 *   const echo = system.root.spawn(Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(ctx.message) }));
 *   await system.root.requestFuture(echo, 'hi', 1000); // 'hi'
 */
import { ResourceExhaustedError } from '../../protocol/errors.js';
import { ActorCell } from './actor-cell.js';
import { F_SERVICE } from './cell-flags.js';
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
import { stopAll, type ShutdownReport } from './system-shutdown.js';
import { noopMetrics, type Labels, type Metrics } from './metrics.js';
import { SystemMetrics } from './system-metrics.js';

/** The `reason` of the RESOURCE_EXHAUSTED refusal at the live-actor limit. */
export const ACTOR_LIMIT_REASON = 'actors';

export interface ActorSystemOptions {
  /** Advertised address (`host:port`); defaults to Proto.Actor's `nonhost` until a transport sets it. */
  address?: string;
  /** Strategy for top-level actors. */
  guardianStrategy?: SupervisorStrategy;
  /** Milliseconds of actor work per event-loop turn before yielding to I/O. */
  turnBudgetMs?: number;
  /** Live actors at most (spawned and activated virtual ones; futures don't count). Default unlimited. */
  maxActors?: number;
  /** Names the system in refusals, e.g. `tenant acme`. Default `actor system`. */
  name?: string;
  /** Told of every spawn or activation refused at `maxActors` (a tenant's quota counts them). */
  onActorRefused?: () => void;
  /** Monotonic milliseconds for the passivation sweep; tests inject one. Default `performance.now`. */
  clock?: () => number;
  /** Where the system reports dead letters, overflows, refusals, live actors (default: nowhere). */
  metrics?: Metrics;
  /** Labels of this system's series (a tenant's: `{ tenant }`). */
  metricLabels?: Labels;
}

export class ActorSystem {
  readonly registry = new ProcessRegistry();
  readonly eventStream = new EventStream();
  readonly dispatcher: Dispatcher;
  readonly deadLetters: DeadLetterProcess;
  readonly guardian: Guardian;
  readonly root: RootContext;
  readonly kinds: KindRegistry;
  readonly name: string;
  readonly clock: () => number;
  readonly metrics: SystemMetrics;
  /** Count of messages refused or dropped by bounded mailboxes. */
  mailboxOverflows = 0;
  /** Live actor cells, spawned and activated. */
  liveActors = 0;
  /** Of the live actors, the services the gateway runs for this system (see spawnService). */
  liveServices = 0;
  /** Live actors allowed at once, services not counted (Infinity: no limit). */
  maxActors: number;
  /** Spawns and activations refused at `maxActors` since start. */
  actorRefusals = 0;
  private readonly onActorRefused: (() => void) | undefined;
  private emptied: (() => void) | undefined;
  private stopping: Promise<ShutdownReport> | undefined;

  constructor(options: ActorSystemOptions = {}) {
    if (options.address) this.registry.address = options.address;
    this.name = options.name ?? 'actor system';
    this.maxActors = options.maxActors ?? Infinity;
    if (!(this.maxActors >= 0)) throw new RangeError(`maxActors must be ≥ 0, got ${options.maxActors}`);
    this.onActorRefused = options.onActorRefused;
    this.clock = options.clock ?? (() => performance.now());
    this.metrics = new SystemMetrics(options.metrics ?? noopMetrics, options.metricLabels);
    this.dispatcher = new Dispatcher(options.turnBudgetMs);
    this.deadLetters = new DeadLetterProcess(this.eventStream, (pid) => this.registry.resolve(pid), this.metrics.deadLetters);
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

  /**
   * @internal spawn under an exact id; throws AlreadyExistsError if taken,
   * ResourceExhaustedError (reason `actors`) at the live-actor limit.
   */
  spawnWithId(props: Props, id: string, parent: PID | undefined): PID {
    if (this.refusesActor()) throw this.actorLimitError();
    return this.started(new ActorCell(this, id, props, parent));
  }

  /**
   * @internal Spawn a service the gateway runs for this system — the name registry,
   * the remote activator, the document service — under an exact id. Services live
   * outside the `maxActors` budget: a tenant's quota counts the actors its code and
   * its traffic create, not the gateway's own.
   */
  spawnService(props: Props, id: string): PID {
    const cell = new ActorCell(this, id, props, undefined);
    cell.flags |= F_SERVICE;
    const pid = this.started(cell);
    this.liveServices++;
    return pid;
  }

  /** Register a new cell, count it live and post its Started. */
  private started(cell: ActorCell): PID {
    this.registry.add(cell.id, cell);
    this.liveActors++;
    this.metrics.liveActors.add(1);
    const pid = new PID(this.registry.address, cell.id);
    pid._p = cell;
    cell.postSystem(startedMessage);
    return pid;
  }

  /** @internal True (and the refusal counted) when no further actor may go live. */
  refusesActor(): boolean {
    if (this.liveActors - this.liveServices < this.maxActors) return false;
    this.actorRefusals++;
    this.metrics.actorsRefused.add();
    this.onActorRefused?.();
    return true;
  }

  /** @internal The refusal at the live-actor limit, built only for someone who is told. */
  actorLimitError(): ResourceExhaustedError {
    return new ResourceExhaustedError(`${this.name} has reached its limit of ${this.maxActors} live actors`, { reason: ACTOR_LIMIT_REASON });
  }

  /** @internal A cell was removed (it stopped). */
  actorRemoved(service: boolean): void {
    if (service) this.liveServices--;
    this.metrics.liveActors.add(-1);
    if (--this.liveActors === 0 && this.emptied !== undefined) this.emptied();
  }

  /** @internal Called once the live count reaches zero (shutdown waits on it). */
  onEmpty(fn: (() => void) | undefined): void {
    this.emptied = fn;
  }

  /**
   * Stops every top-level actor (children stop with their parents) and resolves when
   * none is live, or at the deadline with what remained (system-shutdown.ts).
   */
  shutdown(timeoutMs = 5_000): Promise<ShutdownReport> {
    return (this.stopping ??= stopAll(this, timeoutMs));
  }
}
