/** Test helpers: wait for a condition or a message, with a deadline (never a fixed sleep as an assertion). */
export async function waitFor(cond: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A collector actor body: records every message it receives. */
export function recorder(): { log: unknown[]; receive: (ctx: { message: unknown }) => void } {
  const log: unknown[] = [];
  return { log, receive: (ctx) => { log.push(ctx.message); } };
}
