/** Test helpers: wait for a condition or a message, with a deadline (never a fixed sleep as an assertion). */

// Taken at load: the waits below keep real time while a test has put a virtual clock behind
// the global timers (fake-timers.ts).
const realSetTimeout = globalThis.setTimeout;

export async function waitFor(cond: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => realSetTimeout(r, 2));
  }
}

/** A collector actor body: records every message it receives. */
export function recorder(): { log: unknown[]; receive: (ctx: { message: unknown }) => void } {
  const log: unknown[] = [];
  return { log, receive: (ctx) => { log.push(ctx.message); } };
}

/**
 * Retries `attempt` until it resolves, returning its value, or rethrows its last error once
 * `timeoutMs` has passed — for state the gateway changes on its own schedule (a connection slot
 * released after a close, a key file re-read). Waits on the condition, never a fixed time.
 */
export async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 5; ; pause = Math.min(100, pause * 2)) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() + pause > deadline) throw err;
    }
    await new Promise((r) => realSetTimeout(r, pause));
  }
}
