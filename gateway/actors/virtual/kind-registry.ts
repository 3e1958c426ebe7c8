/**
 * Virtual actors (Orleans/Dapr style): register a kind, and the first message
 * to `<kind>/<identity>` activates an actor under exactly that id — from any
 * sender, local or remote, because activation happens in the process registry.
 * After `idleTimeoutMs` without user messages the actor is passivated (stopped)
 * by the shared sweep (passivation-sweep.ts: within a quarter of the timeout
 * after it is due); messages that arrive while it is stopping are re-sent and
 * re-activate it, so nothing is lost. An activation costs about what a plain idle
 * actor does: no timer, middleware or identity object of its own.
 *
 * At the system's live-actor limit a message that would activate is refused: a
 * requester is answered ResourceExhaustedError (reason `actors`), the message is
 * a dead letter, nothing is activated. The memory guard may likewise pause
 * activations when the heap is critically full (reason `memory`).
 *
 * @example
 *   system.kinds.register('counter', Props.fromProducer(() => new Counter()), { idleTimeoutMs: 60_000 });
 *   system.root.send(system.pid('counter/42'), { add: 1 });
 */
import { InvalidArgumentError, ResourceExhaustedError } from '../../../protocol/errors.js';
import type { ActorSystem } from '../actor-system.js';
import { ActorCell } from '../actor-cell.js';
import { ageOf, AGE_MAX, F_NOT_IDLE, F_SUSPENDED, F_USED, F_VIRTUAL } from '../cell-flags.js';
import { scanChunked, type ChunkedScan } from '../chunked-scan.js';
import { ActivatedEvent, PassivatedEvent } from '../events.js';
import type { PID } from '../pid.js';
import type { Process } from '../process.js';
import type { Props } from '../props.js';
import { PassivationSweep, type SweepResult } from './passivation-sweep.js';
import { identityOf, splitVirtualId, type VirtualKind } from './virtual-kind.js';

export interface KindOptions {
  /** Passivate after this long without user messages; 0 keeps activations until memory runs short. Default 10 minutes. */
  idleTimeoutMs?: number;
}

const KIND_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
/** Passes per (shortest) idle timeout: the sweep's accuracy is a quarter of it. */
const SWEEPS_PER_TIMEOUT = 4;
const MIN_PERIOD_MS = 5;
/** With no idle timeout at all, passes still age activations (for the memory guard's LRU order). */
const AGING_PERIOD_MS = 60_000;

interface Kind extends VirtualKind {
  props: Props;
}

export class KindRegistry {
  private readonly kinds = new Map<string, Kind>();
  private unregisterResolver: (() => void) | undefined;
  private readonly sweeper: PassivationSweep;
  /** Answer messages whose activation was refused (dead: a PID never caches them). */
  private readonly overLimit: Process;
  private readonly overMemory: Process;
  private refusing = false;
  /** Live activations. */
  live = 0;
  /** Activations refused while the memory guard paused them. */
  refusedUnderPressure = 0;

  constructor(private readonly system: ActorSystem) {
    this.sweeper = new PassivationSweep(system, () => this.live);
    const refusal = (error: () => Error): Process => ({
      dead: true,
      sendUserMessage: (pid, message, sender) => system.deadLetters.refuse(pid, message, sender, error),
      sendSystemMessage: (pid, message) => system.deadLetters.sendSystemMessage(pid, message),
      stop: () => {},
    });
    this.overLimit = refusal(() => system.actorLimitError());
    this.overMemory = refusal(() => new ResourceExhaustedError(`${system.name} is not activating actors: the gateway is short of memory`, { reason: 'memory' }));
  }

  /** Pauses (true) or resumes activations; the memory guard's backstop when activations outrun shedding. */
  refuseActivations(refuse: boolean): void {
    this.refusing = refuse;
  }

  /** Throws InvalidArgumentError for a bad name or a duplicate kind. */
  register(kind: string, props: Props, options: KindOptions = {}): void {
    if (!KIND_NAME.test(kind)) throw new InvalidArgumentError(`invalid kind name '${kind}' (letters, digits, '_', '.', '-')`);
    if (this.kinds.has(kind)) throw new InvalidArgumentError(`kind '${kind}' is already registered`);
    const idleTimeoutMs = options.idleTimeoutMs ?? 600_000;
    if (!(idleTimeoutMs >= 0)) throw new InvalidArgumentError(`idleTimeoutMs must be ≥ 0, got ${idleTimeoutMs}`);
    const k = { name: kind, idleTimeoutMs, passivateAtAge: Infinity } as Kind;
    k.props = props.forVirtualKind(k);
    this.kinds.set(kind, k);
    this.retune();
    this.unregisterResolver ??= this.system.registry.registerLocalResolver((pid) => this.activate(pid));
  }

  has(kind: string): boolean {
    return this.kinds.has(kind);
  }

  list(): string[] {
    return [...this.kinds.keys()];
  }

  /** Unregisters every kind: no further activations, no further sweeps (live activations stay until stopped). */
  clear(): void {
    this.kinds.clear();
    this.unregisterResolver?.();
    this.unregisterResolver = undefined;
    this.sweeper.stop();
  }

  /** Milliseconds between sweep passes. */
  get sweepPeriodMs(): number {
    return this.sweeper.periodMs;
  }

  /** One sweep pass now (normally timer-driven); resolves when it has visited every activation. */
  sweep(): Promise<SweepResult> {
    return this.sweeper.sweep();
  }

  /**
   * Visits live activations that could be passivated now (nothing queued, running or
   * stopping) with how long they have been unused, in ms to the sweep's accuracy
   * (-1: used since the last pass). Chunked like the sweep; `visit` returning false
   * stops early. For the memory guard, which picks the least recently used.
   */
  visitIdle(visit: (cell: ActorCell, idleMs: number) => boolean | void, slice?: number): ChunkedScan {
    const period = this.sweeper.periodMs;
    const registry = this.system.registry;
    return scanChunked(registry.localProcesses(), (p) => {
      if (!(p instanceof ActorCell) || (p.flags & F_VIRTUAL) === 0) return;
      const f = p.flags;
      if ((f & (F_NOT_IDLE | F_SUSPENDED)) !== 0 || p.userCount > 0) return;
      return visit(p, (f & F_USED) !== 0 ? -1 : ageOf(f) * period);
    }, registry.size, slice);
  }

  /** @internal A virtual actor stopped (passivated or stopped otherwise). */
  deactivated(cell: ActorCell, kind: VirtualKind): void {
    this.live--;
    this.system.metrics.passivations.add();
    const events = this.system.eventStream;
    if (events.hasSubscribers) events.publish(new PassivatedEvent(cell.x?.self ?? this.system.pid(cell.id), kind.name, identityOf(kind, cell.id)));
  }

  private activate(pid: PID): Process | undefined {
    const parts = splitVirtualId(pid.id);
    if (parts === undefined) return undefined;
    const kind = this.kinds.get(parts[0]);
    if (kind === undefined) return undefined;
    if (this.refusing) { this.refusedUnderPressure++; return this.overMemory; }
    if (this.system.refusesActor()) return this.overLimit;
    const spawned = this.system.spawnWithId(kind.props, pid.id, undefined);
    this.live++;
    this.system.metrics.activations.add();
    this.sweeper.ensureRunning();
    const events = this.system.eventStream;
    if (events.hasSubscribers) events.publish(new ActivatedEvent(spawned, kind.name, parts[1]));
    return spawned._p;
  }

  /** The sweep period follows the shortest idle timeout; each kind's age limit follows the period. */
  private retune(): void {
    let min = Infinity, max = 0;
    for (const k of this.kinds.values()) {
      if (k.idleTimeoutMs > 0) { min = Math.min(min, k.idleTimeoutMs); max = Math.max(max, k.idleTimeoutMs); }
    }
    const period = min === Infinity ? AGING_PERIOD_MS : Math.max(MIN_PERIOD_MS, min / SWEEPS_PER_TIMEOUT, max / AGE_MAX);
    this.sweeper.periodMs = period;
    for (const k of this.kinds.values()) k.passivateAtAge = k.idleTimeoutMs > 0 ? Math.ceil(k.idleTimeoutMs / period) : Infinity;
  }
}
