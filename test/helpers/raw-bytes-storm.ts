/**
 * Writes seeded hostile byte sequences to a port, one connection each, a bounded
 * number at a time: write, half-close, and wait for the server to close (or to
 * answer and close). A connection the server still holds open after the deadline
 * is reset by us and counted as `heldOpen`.
 *
 * @example
 *   const r = await rawBytesStorm({ port, seed: 7, connections: 3000, concurrency: 32, generate: hostileH2 });
 */
import { connect } from 'node:net';
import { connectionSeed } from './http-storm.js';
import { SeededRandom } from './seeded-random.js';

export interface RawBytesStormOptions {
  port: number;
  host?: string;
  seed: number;
  connections: number;
  concurrency: number;
  generate: (rnd: SeededRandom) => { bytes: Buffer; category: string };
  deadlineMs?: number;
  /** Whether what the server wrote so far is its last word (e.g. an HTTP/2 GOAWAY): we then close our side. */
  goodbye?: (received: Buffer) => boolean;
}

export interface RawBytesStormReport {
  connections: number;
  byCategory: Record<string, number>;
  /** Connections the server wrote something on before closing. */
  answered: number;
  /** Connections the server closed (after our half-close or before). */
  closedByServer: number;
  /** Connections the server said goodbye on (see `goodbye`) and we then closed. */
  saidGoodbye: number;
  /** Connections still open at the deadline (reset by us), with the seed-addressable connection numbers. */
  heldOpen: number[];
  connectFailures: number;
  elapsedMs: number;
}

export async function rawBytesStorm(o: RawBytesStormOptions): Promise<RawBytesStormReport> {
  const r: RawBytesStormReport = { connections: 0, byCategory: {}, answered: 0, closedByServer: 0, saidGoodbye: 0, heldOpen: [], connectFailures: 0, elapsedMs: 0 };
  const started = Date.now();
  let next = 0;
  const one = (k: number): Promise<void> => new Promise((resolve) => {
    const { bytes, category } = o.generate(new SeededRandom(connectionSeed(o.seed, k)));
    r.byCategory[category] = (r.byCategory[category] ?? 0) + 1;
    const s = connect(o.port, o.host ?? '127.0.0.1');
    let wrote = false, got = false, timedOut = false, bye = false;
    let received = Buffer.alloc(0);
    const t = setTimeout(() => { timedOut = true; r.heldOpen.push(k); s.resetAndDestroy(); }, o.deadlineMs ?? 5000);
    s.on('connect', () => { wrote = true; r.connections++; s.end(bytes); });
    s.on('data', (d: Buffer) => {
      got = true;
      if (o.goodbye === undefined || bye) return;
      received = Buffer.concat([received, d]);
      if (o.goodbye(received)) { bye = true; r.saidGoodbye++; clearTimeout(t); s.resetAndDestroy(); }
    });
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(t);
      if (!wrote) r.connectFailures++;
      else if (!timedOut && !bye) { r.closedByServer++; if (got) r.answered++; }
      resolve();
    });
  });
  await Promise.all(Array.from({ length: o.concurrency }, async () => { while (next < o.connections) await one(next++); }));
  r.elapsedMs = Date.now() - started;
  return r;
}
