/**
 * What one hosted actor, kind instance or watch of an agent observed — messages received,
 * terminations, activations — with waiters woken on every change. Shared by the TypeScript
 * agents (in the gateway, over WebSocket in Node, and in the browser: nothing here needs Node).
 */
import type { Received, Termination } from '../../runner/agent-codec.js';

export class Recording {
  readonly received: Received[] = [];
  readonly terminated: Termination[] = [];
  activations = 0;
  private wakers = new Set<() => void>();

  changed(): void { for (const w of [...this.wakers]) w(); }

  /** Resolves true once `done()` holds, false when `ms` passes first. */
  until(done: () => boolean, ms: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waker = (): void => { if (done()) { clearTimeout(t); this.wakers.delete(waker); resolve(true); } };
      const t = setTimeout(() => { this.wakers.delete(waker); resolve(false); }, ms);
      this.wakers.add(waker);
    });
  }
}
