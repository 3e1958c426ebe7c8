/**
 * The bits of an actor cell's `flags` word: mailbox state, lifecycle state and,
 * for the passivation sweep, a "used" bit and an idle age — so that tracking how
 * recently an actor was used costs no memory beyond the small integer every cell
 * already has. The word stays below 2^29, a small integer (Smi) on every V8 build.
 */

/** Queued on the dispatcher's run queue. */
export const F_SCHEDULED = 1;
/** Suspended by supervision: user messages wait, system messages still run. */
export const F_SUSPENDED = 2;
/** An async receive is in flight: user messages wait for it to settle. */
export const F_BUSY = 4;
/** Set once the actor has stopped; nothing is processed after. */
export const F_DEAD = 8;
/** Stopping: Stopping ran, children are stopping, Stopped comes next. */
export const F_STOPPING = 16;
/** Restarting: waiting for children to stop before a new instance starts. */
export const F_RESTARTING = 32;
/** The user queue is a PriorityQueues (checked by flag: cheaper than instanceof per message). */
export const F_PRIORITY = 64;
/** A user message was processed since the last passivation sweep (the clock's reference bit). */
export const F_USED = 128;
/** A virtual actor's cell: its mailbox gives its queue back whenever drained (idle activations hold none). */
export const F_VIRTUAL = 256;
/**
 * Passivation requested (by the sweep: only if still unused; by the memory guard:
 * if still idle). A flag rather than a queued message, so that shedding a million
 * actors under memory pressure allocates nothing per actor; the mailbox acts on it
 * after its system messages, before its user messages.
 */
export const F_PASSIVATE_IF_UNUSED = 512;
export const F_PASSIVATE_IF_IDLE = 1024;
export const F_PASSIVATION = F_PASSIVATE_IF_UNUSED | F_PASSIVATE_IF_IDLE;

/** Sweep periods since the cell was last used, saturating at AGE_MAX (bits 11‥28). */
export const AGE_SHIFT = 11;
export const AGE_MAX = (1 << 18) - 1;
export const AGE_MASK = AGE_MAX << AGE_SHIFT;

/** A service the gateway runs for the system (name registry, activator, document service): outside the `maxActors` budget. */
export const F_SERVICE = 1 << 29;

/** Not running, not queued, not stopping: a passivation would interrupt nothing. */
export const F_NOT_IDLE = F_SCHEDULED | F_BUSY | F_DEAD | F_STOPPING | F_RESTARTING;

export function ageOf(flags: number): number {
  return (flags & AGE_MASK) >>> AGE_SHIFT;
}

/**
 * One sweep over a cell's flags: a used cell is cleared to age 0, an unused one
 * ages by `ticks` sweep periods (saturating).
 */
export function agedFlags(flags: number, ticks: number): number {
  if ((flags & F_USED) !== 0) return flags & ~(F_USED | AGE_MASK);
  const age = Math.min(AGE_MAX, ((flags & AGE_MASK) >>> AGE_SHIFT) + ticks);
  return (flags & ~AGE_MASK) | (age << AGE_SHIFT);
}
