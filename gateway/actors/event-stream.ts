/**
 * EventStream: system-wide publish/subscribe for lifecycle, failure, dead-letter
 * and overflow events. Subscribers are kept in a copy-on-write array so
 * publishing never allocates, and `hasSubscribers` lets hot paths skip building
 * an event nobody reads.
 */
export interface Subscription {
  unsubscribe(): void;
}

type Handler = (event: unknown) => void;

export class EventStream {
  private subs: Handler[] = [];

  get hasSubscribers(): boolean {
    return this.subs.length > 0;
  }

  /** Subscribe to every event, or to those of one class, or those a predicate accepts. */
  subscribe<T>(handler: (event: T) => void, filter?: (abstract new (...args: never[]) => T) | ((event: unknown) => boolean)): Subscription {
    let h: Handler;
    if (!filter) h = handler as Handler;
    else if (isClass(filter)) h = (e) => { if (e instanceof filter) handler(e as T); };
    else h = (e) => { if ((filter as (e: unknown) => boolean)(e)) handler(e as T); };
    this.subs = [...this.subs, h];
    return { unsubscribe: () => { this.subs = this.subs.filter((x) => x !== h); } };
  }

  publish(event: unknown): void {
    const subs = this.subs;
    for (let i = 0; i < subs.length; i++) {
      try {
        subs[i]!(event);
      } catch (err) {
        // A broken subscriber must not break the publisher or other subscribers.
        queueMicrotask(() => { throw err; });
      }
    }
  }
}

function isClass(f: unknown): f is abstract new (...args: never[]) => unknown {
  return typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));
}
