/**
 * A small seeded PRNG (sfc32) for reproducible fuzzing: the seed is printed by the
 * test and an environment variable can pin it, so any failing run replays exactly.
 *
 * @example
 *   const seed = fuzzSeed('ROSETTA_FUZZ_SEED', 20261201); // env wins when set
 *   const rnd = new SeededRandom(seed);
 *   rnd.int(0, 9); rnd.pick(['a', 'b']); rnd.chance(0.1);
 */

/** The seed from `envName` when set (decimal or 0x hex), else `fallback`. */
export function fuzzSeed(envName: string, fallback: number): number {
  const v = process.env[envName];
  if (v === undefined || v === '') return fallback >>> 0;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${envName}=${v} is not a number`);
  return n >>> 0;
}

export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A uint32. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor((this.next() / 0x1_0000_0000) * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  /** Picks by weight: `[[weight, value], ...]`. */
  weighted<T>(items: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of items) total += w;
    let r = (this.next() / 0x1_0000_0000) * total;
    for (const [w, v] of items) { r -= w; if (r < 0) return v; }
    return items[items.length - 1]![1];
  }

  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = this.next() & 0xff;
    return b;
  }

  /** A derived generator (independent stream), e.g. one per connection. */
  fork(): SeededRandom {
    return new SeededRandom(this.next());
  }
}
