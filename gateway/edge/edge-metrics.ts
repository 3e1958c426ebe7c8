/**
 * What the edge reports for one tenant on one transport: envelopes received from
 * peers, and refused by reason (`send-not-allowed`, `foreign-sender`, `over-rate`, …).
 * Handles are bound once; a refusal reason's counter is made on its first use.
 */
import type { Counter, Labels, Metrics } from '../actors/index.js';

export class EdgeMetrics {
  readonly received: Counter;
  private readonly refusedBy = new Map<string, Counter>();

  constructor(private readonly metrics: Metrics, private readonly labels: Labels) {
    this.received = metrics.counter('rosetta_envelopes_received_total', 'Envelopes peers sent into the tenant', labels);
  }

  refused(reason: string | undefined): Counter {
    const r = reason ?? 'unspecified';
    let c = this.refusedBy.get(r);
    if (c === undefined) {
      c = this.metrics.counter('rosetta_envelopes_refused_total', 'Envelopes refused at the edge, by reason', { ...this.labels, reason: r });
      this.refusedBy.set(r, c);
    }
    return c;
  }
}
