/**
 * Visiting a million entries without stalling the event loop: a bounded slice
 * per turn, then `setImmediate`, so sockets and timers are served between slices.
 * Used by the passivation sweep, the memory guard and shutdown. Map iterators
 * stay valid across turns (entries deleted meanwhile are skipped, entries added
 * are visited), so a scan over the live registry needs no snapshot; `limit` (the
 * registry's size when the scan starts) keeps a scan finite while a flood adds
 * entries faster than it visits them.
 *
 * @example
 *   const scan = scanChunked(registry.localProcesses(), (p) => { count++; });
 *   await scan.done;
 */

/** Entries visited per event-loop turn: ~0.1–0.3 ms of work on this machine (bench/README.md). */
export const SCAN_SLICE = 4096;

export interface ChunkedScan {
  /** Resolves once every entry was visited, the visitor stopped it, or it was cancelled. */
  readonly done: Promise<void>;
  /** Stops before the next slice. */
  cancel(): void;
}

/** Visits at most `limit` entries; `visit` returning false stops the scan. The first slice runs on the next turn, never synchronously. */
export function scanChunked<T>(entries: Iterator<T>, visit: (entry: T) => boolean | void, limit = Infinity, slice = SCAN_SLICE): ChunkedScan {
  let cancelled = false;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => { finish = resolve; });
  const step = (): void => {
    if (cancelled) { finish(); return; }
    try {
      for (let i = 0; i < slice; i++) {
        const r = limit-- > 0 ? entries.next() : undefined;
        if (r === undefined || r.done === true || visit(r.value) === false) { finish(); return; }
      }
    } catch (err) {
      finish(); // a broken visitor ends its scan; nobody waits forever
      throw err;
    }
    setImmediate(step);
  };
  setImmediate(step);
  return { done, cancel: () => { cancelled = true; } };
}
