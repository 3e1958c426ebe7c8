/**
 * Shedding the least recently used virtual actors across several actor systems:
 * one chunked pass builds a histogram of idle ages (the sweep's ages in ms, in
 * quarter-octave buckets; "used since the last sweep" is the youngest bucket), the
 * cut is placed so that `wanted` actors are at or above it, and a second pass asks
 * those to passivate. Only idle actors (nothing queued or running) are counted or
 * asked; an aged one that gets a message before its Passivate runs stays.
 *
 * @example
 *   const asked = await shedLeastRecentlyUsed([systemA, systemB], 10_000);
 */
import type { ActorSystem } from '../actor-system.js';
import { SCAN_SLICE } from '../chunked-scan.js';

const BUCKETS = 200;
/** Under memory pressure a pass takes a bigger share of each turn (~3 ms): it must outrun a flood of activations. */
const PRESSURE_SLICE = 16 * SCAN_SLICE;

function bucketOf(idleMs: number): number {
  return idleMs < 0 ? 0 : Math.min(BUCKETS - 1, 1 + Math.floor(4 * Math.log2(idleMs + 1)));
}

/** Asks up to `wanted` of the least recently used idle activations to passivate; resolves with how many were asked. */
export async function shedLeastRecentlyUsed(systems: readonly ActorSystem[], wanted: number): Promise<number> {
  if (wanted <= 0) return 0;
  const histogram = new Float64Array(BUCKETS);
  for (const s of systems) await s.kinds.visitIdle((_, idleMs) => { histogram[bucketOf(idleMs)]!++; }, PRESSURE_SLICE).done;
  // The cut: every bucket above it goes, and `atCut` of the bucket at it.
  let cut = BUCKETS - 1, older = 0;
  for (; cut > 0 && older + histogram[cut]! < wanted; cut--) older += histogram[cut]!;
  let atCut = wanted - older;
  let asked = 0;
  for (const s of systems) {
    await s.kinds.visitIdle((cell, idleMs) => {
      const b = bucketOf(idleMs);
      if (b < cut || (b === cut && atCut-- <= 0)) return;
      cell.passivate(idleMs >= 0); // an aged one stays if used meanwhile; a fresh one goes if still idle
      asked++;
    }, PRESSURE_SLICE).done;
  }
  return asked;
}
