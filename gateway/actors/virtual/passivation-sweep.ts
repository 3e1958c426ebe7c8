/**
 * The passivation sweep: one clock (second-chance) pass over a system's live
 * processes every `periodMs`, instead of a timer per virtual actor. Every user
 * message sets a cell's "used" bit; a pass clears it (age 0) or, on a cell not
 * used since the previous pass, adds the periods elapsed to its age (both kept in
 * the cell's `flags`, cell-flags.ts). A cell whose age reaches its kind's
 * `passivateAtAge` while idle is asked to passivate (a Passivate system message
 * it ignores if a message came meanwhile).
 *
 * Accuracy: the period is a quarter of the shortest idle timeout, so an actor is
 * passivated between its timeout and its timeout plus one period (+ the pass's own
 * duration) after its last message — e.g. 10 to 12.5 minutes for a 10-minute kind.
 * A pass visits a bounded slice per event-loop turn (chunked-scan.ts); a pass
 * over a million actors is spread over ~250 turns and never stalls I/O.
 *
 * @example
 *   await system.kinds.sweep(); // one pass now (tests; normally timer-driven)
 */
import { ActorCell } from '../actor-cell.js';
import type { ActorSystem } from '../actor-system.js';
import { agedFlags, ageOf, F_NOT_IDLE, F_SUSPENDED, F_VIRTUAL } from '../cell-flags.js';
import { scanChunked, type ChunkedScan } from '../chunked-scan.js';

export interface SweepResult {
  /** Virtual actors visited. */
  visited: number;
  /** Passivations requested. */
  passivated: number;
  /** Periods the pass aged unused actors by. */
  ticks: number;
}

export class PassivationSweep {
  /** Milliseconds between passes (and the unit of a cell's age). */
  periodMs = 60_000;
  private epoch: number;
  private timer: NodeJS.Timeout | undefined;
  private scan: ChunkedScan | undefined;
  private pass: Promise<SweepResult> | undefined;

  /** `live` says whether any virtual actor is alive (the sweep idles otherwise). */
  constructor(private readonly system: ActorSystem, private readonly live: () => number) {
    this.epoch = system.clock();
  }

  /** Keeps passes coming every period while virtual actors are live. */
  ensureRunning(): void {
    if (this.timer !== undefined || this.pass !== undefined) return;
    this.epoch = this.system.clock(); // idle until now: nobody aged meanwhile
    this.schedule();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.scan?.cancel();
  }

  /** One full pass now (joins the pass in progress, if any). */
  sweep(): Promise<SweepResult> {
    if (this.timer !== undefined) { clearTimeout(this.timer); this.timer = undefined; }
    return (this.pass ??= this.run());
  }

  private schedule(): void {
    this.timer = setTimeout(() => { this.timer = undefined; void this.sweep(); }, this.periodMs);
    this.timer.unref();
  }

  private run(): Promise<SweepResult> {
    const period = this.periodMs;
    const ticks = Math.max(0, Math.floor((this.system.clock() - this.epoch) / period));
    this.epoch += ticks * period;
    const result: SweepResult = { visited: 0, passivated: 0, ticks };
    const registry = this.system.registry;
    const scan = (this.scan = scanChunked(registry.localProcesses(), (p) => {
      if (!(p instanceof ActorCell) || (p.flags & F_VIRTUAL) === 0) return;
      const kind = p.props.virtualKind!;
      result.visited++;
      const f = (p.flags = agedFlags(p.flags, ticks));
      if ((f & (F_NOT_IDLE | F_SUSPENDED)) !== 0) return;
      const age = ageOf(f);
      if (age === 0) return;
      if (age >= kind.passivateAtAge && p.userCount === 0) { p.passivate(true); result.passivated++; }
      else p.releaseIdleQueue(); // unused for a period: a queue it grew in a burst goes back
    }, registry.size));
    return scan.done.then(() => {
      this.pass = undefined;
      if (this.scan === scan) this.scan = undefined;
      if (this.live() > 0 && this.timer === undefined) this.schedule();
      return result;
    });
  }
}
