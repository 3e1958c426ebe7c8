/**
 * WebSocket liveness without stalls: every connection is pinged once per interval,
 * but a slice at a time — the interval is cut into ticks and each tick pings its
 * share — so 10,000 connections never cost one long pause of the event loop. A
 * connection that has not answered since its last ping is dropped at its next one.
 */
export interface Pingable {
  /** Drops the connection when it has been silent since the last ping; pings it otherwise. */
  ping(): void;
}

export class LivenessSweep<T extends Pingable> {
  private readonly members = new Set<T>();
  private cursor: Iterator<T> = this.members.values();
  private timer: NodeJS.Timeout | undefined;
  private readonly ticks: number;
  /** Pings owed but not yet sent (a fraction of a member when there are fewer members than ticks). */
  private credit = 0;

  /** `intervalMs`: how often each connection is pinged; ticks are at least 50 ms apart. */
  constructor(private readonly intervalMs: number) {
    this.ticks = Math.max(1, Math.min(200, Math.floor(intervalMs / 50)));
  }

  add(member: T): void {
    this.members.add(member);
  }

  delete(member: T): void {
    this.members.delete(member);
  }

  get size(): number {
    return this.members.size;
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs / this.ticks);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Pings this tick's share of the members (`size / ticks`, carried over as a fraction), wrapping around the set. */
  tick(): number {
    this.credit += this.members.size / this.ticks;
    const share = Math.floor(this.credit);
    this.credit -= share;
    let pinged = 0;
    let wrapped = false;
    while (pinged < share) {
      const next = this.cursor.next();
      if (next.done) {
        if (wrapped) break;
        wrapped = true;
        this.cursor = this.members.values();
        continue;
      }
      next.value.ping();
      pinged++;
    }
    return pinged;
  }
}
