/**
 * A virtual clock behind the global timer functions (setTimeout, setInterval and their
 * clears), for tests of code that arms its own timers: an actor's receive timeout, its
 * scheduled messages. Virtual time moves only on `tick`, so what such a test asserts does not
 * depend on how busy the machine is. `refresh()` re-arms a timer from the current virtual time
 * as Node's does (the receive timeout is reset that way); node:test's MockTimers on Node 20
 * leaves it a no-op, which is why this exists.
 *
 * `tick` runs the callbacks that fall due synchronously, in due order; what they set off in an
 * actor system (a posted message) runs afterwards, so wait for its signal. While installed,
 * every timer armed through the globals is virtual: a request future's deadline, for one, would
 * never expire — don't use requestFuture/stopFuture meanwhile. waitFor and eventually (wait.ts)
 * keep the real timers. Timers armed before `install` stay real and can still be cleared.
 *
 * @example
 *   const clock = installFakeTimers();
 *   try { …; clock.tick(40); … } finally { clock.restore(); }
 */
export interface FakeTimers {
  /** Virtual milliseconds since install. */
  now(): number;
  /** Advances virtual time by `ms`, running every callback that falls due meanwhile; returns how many ran. */
  tick(ms: number): number;
  /** Timers still armed on the virtual clock. */
  readonly pending: number;
  /** Puts the real timer functions back. */
  restore(): void;
}

const TIMEOUT_MAX = 2 ** 31 - 1;
const NAMES = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] as const;
type TimerGlobals = Record<(typeof NAMES)[number], unknown>;
let installed = false;

class FakeTimeout {
  at = 0;
  seq = 0;
  cleared = false;
  constructor(
    private readonly clock: VirtualClock,
    readonly id: number,
    readonly callback: (...args: unknown[]) => void,
    readonly args: unknown[],
    readonly delay: number,
    readonly repeat: boolean,
  ) {}
  ref(): this { return this; }
  unref(): this { return this; }
  hasRef(): boolean { return true; }
  refresh(): this {
    if (!this.cleared) this.clock.arm(this, this.delay);
    return this;
  }
  close(): this { this.clock.clear(this); return this; }
  [Symbol.toPrimitive](): number { return this.id; }
}

class VirtualClock {
  time = 0;
  private nextSeq = 0;
  private nextId = 1;
  readonly armed = new Set<FakeTimeout>();

  create(callback: unknown, ms: unknown, args: unknown[], repeat: boolean): FakeTimeout {
    if (typeof callback !== 'function') throw new TypeError('the callback must be a function');
    const n = Number(ms);
    const delay = n >= 1 && n <= TIMEOUT_MAX ? n : 1; // as Node's timers coerce it
    const t = new FakeTimeout(this, this.nextId++, callback as (...a: unknown[]) => void, args, delay, repeat);
    this.arm(t, delay);
    return t;
  }

  arm(t: FakeTimeout, delay: number): void {
    t.at = this.time + delay;
    t.seq = this.nextSeq++;
    this.armed.add(t);
  }

  clear(t: FakeTimeout): void {
    t.cleared = true;
    this.armed.delete(t);
  }

  tick(ms: number): number {
    if (!(ms >= 0)) throw new RangeError(`tick needs ms ≥ 0, got ${ms}`);
    const target = this.time + ms;
    let ran = 0;
    for (;;) {
      let next: FakeTimeout | undefined;
      for (const t of this.armed) {
        if (t.at <= target && (next === undefined || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      }
      if (next === undefined) break;
      this.time = next.at;
      if (next.repeat) this.arm(next, next.delay);
      else this.armed.delete(next);
      ran++;
      next.callback(...next.args);
    }
    this.time = target;
    return ran;
  }
}

export function installFakeTimers(): FakeTimers {
  if (installed) throw new Error('fake timers are already installed');
  installed = true;
  const g = globalThis as unknown as TimerGlobals;
  const real = Object.fromEntries(NAMES.map((n) => [n, g[n]])) as TimerGlobals;
  const realClear = real.clearTimeout as (h: unknown) => void;
  const clock = new VirtualClock();
  const clear = (h: unknown): void => {
    if (h instanceof FakeTimeout) clock.clear(h);
    else realClear(h);
  };
  Object.assign(g, {
    setTimeout: (cb: unknown, ms?: unknown, ...args: unknown[]) => clock.create(cb, ms, args, false),
    setInterval: (cb: unknown, ms?: unknown, ...args: unknown[]) => clock.create(cb, ms, args, true),
    clearTimeout: clear,
    clearInterval: clear,
  });
  let restored = false;
  return {
    now: () => clock.time,
    tick: (ms) => clock.tick(ms),
    get pending() { return clock.armed.size; },
    restore: () => {
      if (restored) return;
      restored = true;
      Object.assign(g, real);
      installed = false;
    },
  };
}
