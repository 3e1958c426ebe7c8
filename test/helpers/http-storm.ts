/**
 * Drives a storm of hostile HTTP/1.x requests at one port over raw TCP: a bounded
 * number of connections at a time, whole requests pipelined on keep-alive
 * connections for as long as the server keeps them, each connection ending with a
 * hostile request (see hostile-http.ts) after which it is half-closed, and a few
 * connections writing byte by byte. Every byte the server writes back is read with
 * HttpResponseReader: each request must be answered with valid responses or its
 * connection closed, within a deadline (a connection the server leaves hanging is a
 * failure).
 *
 * Reproducible: connection `k` draws everything from `SeededRandom(mix(seed, k))`,
 * so a failure names the seed and `k` and the same plan replays.
 *
 * @example
 *   const report = await httpStorm({ port, seed: 1, requests: 100_000, concurrency: 64 });
 *   assert.deepEqual(report.failures, []);
 */
import { connect } from 'node:net';
import { cleanRequest, finalRequest, type HostileRequest } from './hostile-http.js';
import { HttpResponseReader } from './http-response-reader.js';
import { SeededRandom } from './seeded-random.js';

export interface StormOptions {
  port: number;
  host?: string;
  seed: number;
  /** Stop opening connections once this many requests were written. */
  requests: number;
  concurrency: number;
  /** One connection in this many (the 8th, and every this-many after) writes its requests a few bytes at a time. */
  slowEvery?: number;
  /** How long one batch may go without being answered or closed. */
  batchDeadlineMs?: number;
  /** Runs (awaited by the connection that crossed it) each time another `every` requests were written. */
  checkpoint?: { every: number; run: (written: number) => Promise<void> };
}

export interface StormReport {
  requests: number;
  connections: number;
  /** Batches written on a connection that had already answered an earlier batch (keep-alive reuse). */
  reusedBatches: number;
  /** Requests written behind another in the same write (pipelined). */
  pipelined: number;
  slowConnections: number;
  /** Connections we abandoned mid-request (reset) instead of half-closing. */
  aborted: number;
  byCategory: Record<string, number>;
  /** Final responses by status code. */
  byStatus: Record<string, number>;
  /** Requests whose connection closed before an answer (allowed: "answered or closed"). */
  closedUnanswered: number;
  failures: string[];
  elapsedMs: number;
}

/** The seed of connection `k` (a 32-bit mix, so neighbouring connections are unrelated). */
export function connectionSeed(seed: number, k: number): number {
  let h = (seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const show = (b: Buffer): string => JSON.stringify(b.subarray(0, 200).toString('latin1'));

export async function httpStorm(o: StormOptions): Promise<StormReport> {
  const host = o.host ?? '127.0.0.1';
  const ctx = { host: `${host}:${o.port}` };
  const deadline = o.batchDeadlineMs ?? 15_000;
  const r: StormReport = {
    requests: 0, connections: 0, reusedBatches: 0, pipelined: 0, slowConnections: 0, aborted: 0,
    byCategory: {}, byStatus: {}, closedUnanswered: 0, failures: [], elapsedMs: 0,
  };
  const started = Date.now();
  let nextConnection = 0;
  /** Set when the port stops accepting connections or a checkpoint failed: every worker stops. */
  let stopped = false;
  let nextCheckpoint = o.checkpoint?.every ?? Infinity;

  async function runConnection(k: number): Promise<void> {
    const rnd = new SeededRandom(connectionSeed(o.seed, k));
    const slow = k % (o.slowEvery ?? 400) === 7;
    if (slow) r.slowConnections++;
    const socket = connect(o.port, host);
    socket.setNoDelay(true);
    const reader = new HttpResponseReader();
    let closed = false;
    let wake: (() => void) | undefined;
    const poke = (): void => { const w = wake; wake = undefined; w?.(); };
    socket.on('data', (d: Buffer) => { reader.push(d); poke(); });
    socket.on('error', () => {});
    socket.on('close', () => { closed = true; reader.end(); poke(); });
    const fail = (why: string, sent: HostileRequest[]): void => {
      r.failures.push(`seed ${o.seed} connection ${k}: ${why}; requests: ${sent.map((q) => `[${q.category}] ${show(q.bytes)}`).join(' | ')}`);
    };
    /** Waits until `done()` or the connection closed; false at the deadline. */
    const until = async (done: () => boolean): Promise<boolean> => {
      const t0 = Date.now();
      while (!done() && !closed) {
        const left = deadline - (Date.now() - t0);
        if (left <= 0) return false;
        await new Promise<void>((res) => { const t = setTimeout(res, left); wake = () => { clearTimeout(t); res(); }; });
      }
      return true;
    };
    const write = async (bytes: Buffer): Promise<void> => {
      if (!slow) { socket.write(bytes); return; }
      let i = 0;
      while (i < bytes.length && !closed) {
        const n = i < 2048 ? rnd.int(1, 3) : bytes.length - i;
        await new Promise<void>((res) => socket.write(bytes.subarray(i, i + n), () => res()));
        i += n;
      }
    };

    await new Promise<void>((res) => { socket.once('connect', () => res()); socket.once('close', () => res()); });
    if (closed) { fail('could not connect: the port stopped accepting connections', []); stopped = true; return; }
    r.connections++;
    const batches = rnd.int(1, 6);
    let answeredBefore = 0;
    for (let j = 0; j < batches && !closed; j++) {
      const last = j === batches - 1;
      const hostile = last ? rnd.chance(0.9) : rnd.chance(0.05);
      const n = rnd.weighted([[4, 1], [3, rnd.int(2, 4)], [3, rnd.int(5, 16)]] as const);
      const batch: HostileRequest[] = [];
      for (let i = 0; i < n - (hostile ? 1 : 0); i++) batch.push(cleanRequest(rnd, ctx));
      if (hostile) batch.push(finalRequest(rnd, ctx));
      if (j > 0) r.reusedBatches++;
      r.pipelined += batch.length - 1;
      for (const q of batch) { reader.expect(q.method); r.byCategory[q.category] = (r.byCategory[q.category] ?? 0) + 1; }
      r.requests += batch.length;
      const abort = hostile && batch[batch.length - 1]!.category === 'partial' && rnd.chance(0.3);
      await write(Buffer.concat(batch.map((q) => q.bytes)));
      if (abort) { r.aborted++; socket.resetAndDestroy(); return; }
      if (hostile) socket.end();
      const want = answeredBefore + batch.length;
      const ok = await until(() => reader.error !== undefined || reader.upgraded || (!hostile && reader.finals.length >= want));
      if (!ok) { fail(`neither answered nor closed within ${deadline} ms (${reader.finals.length - answeredBefore}/${batch.length} answered)`, batch); socket.destroy(); return; }
      if (reader.error !== undefined) { fail(`invalid response: ${reader.error}`, batch); socket.destroy(); return; }
      if (reader.upgraded) { socket.destroy(); await until(() => false); break; }
      if (closed) {
        const unanswered = Math.max(0, want - reader.finals.length);
        r.closedUnanswered += unanswered;
        break;
      }
      answeredBefore = reader.finals.length;
      if (reader.finals[reader.finals.length - 1]?.closes) { await until(() => false); break; }
    }
    if (!closed) {
      socket.end();
      if (!(await until(() => false))) { fail('still open after the client closed its side', []); socket.destroy(); }
    }
    if (reader.error !== undefined) fail(`invalid response: ${reader.error}`, []);
    for (const f of reader.finals) r.byStatus[f.status] = (r.byStatus[f.status] ?? 0) + 1;
  }

  async function worker(): Promise<void> {
    while (r.requests < o.requests && !stopped) {
      await runConnection(nextConnection++);
      if (o.checkpoint && r.requests >= nextCheckpoint && !stopped) {
        nextCheckpoint += o.checkpoint.every;
        try { await o.checkpoint.run(r.requests); } catch (err) { stopped = true; throw err; }
      }
    }
  }
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  r.elapsedMs = Date.now() - started;
  return r;
}
