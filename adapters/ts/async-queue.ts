/**
 * A bounded push → async-iterator queue (nats.js `QueuedIterator` in spirit):
 * producers push, one consumer iterates; `end()` finishes the iteration. When the
 * consumer falls `limit` items behind, the oldest are dropped and counted.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiter: ((r: IteratorResult<T>) => void) | undefined;
  private ended = false;
  dropped = 0;

  constructor(private readonly limit = 10_000) {}

  push(item: T): void {
    if (this.ended) return;
    if (this.waiter) { const w = this.waiter; this.waiter = undefined; w({ value: item, done: false }); return; }
    this.items.push(item);
    if (this.items.length > this.limit) { this.items.shift(); this.dropped++; }
  }

  end(): void {
    this.ended = true;
    if (this.waiter) { const w = this.waiter; this.waiter = undefined; w({ value: undefined, done: true }); }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((r) => { this.waiter = r; });
      },
      return: () => { this.end(); return Promise.resolve({ value: undefined, done: true }); },
    };
  }
}
