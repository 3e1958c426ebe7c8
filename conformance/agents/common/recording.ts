/**
 * What one hosted actor, kind instance or watch of an agent observed — messages received,
 * terminations, activations — with waiters woken on every change. Shared by the TypeScript
 * agents (in the gateway, over WebSocket in Node, and in the browser: nothing here needs Node)
 * and by the runner's real-peer agents.
 */
import type { AgentResult, Ops, Received, Termination } from '../../runner/agent-codec.js';

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

  /** The answer to an Observe step: Ok once its condition holds, else Timeout after `ms` with what was seen. */
  async observe(o: Pick<Ops['observe'], 'minReceived' | 'untilTerminated'>, ms: number): Promise<AgentResult> {
    const done = await this.until(() => this.received.length >= o.minReceived && (!o.untilTerminated || this.terminated.length > 0), ms);
    const data = { received: [...this.received], terminated: [...this.terminated], activations: this.activations };
    return done ? { ok: data } : { timeout: { message: `observed ${this.received.length} messages, ${this.terminated.length} terminations`, partial: data } };
  }
}
