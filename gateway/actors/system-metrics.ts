/**
 * The instruments one actor system reports through the injected Metrics, bound
 * once to its labels (a tenant's systems carry `tenant`).
 */
import type { Counter, Gauge, Labels, Metrics } from './metrics.js';

export class SystemMetrics {
  readonly deadLetters: Counter;
  readonly mailboxOverflows: Counter;
  readonly actorsRefused: Counter;
  readonly liveActors: Gauge;
  readonly activations: Counter;
  readonly passivations: Counter;

  constructor(metrics: Metrics, labels: Labels = {}) {
    this.deadLetters = metrics.counter('rosetta_dead_letters_total', 'Messages to missing or stopped actors, and envelopes that could not be delivered', labels);
    this.mailboxOverflows = metrics.counter('rosetta_mailbox_overflows_total', 'Messages refused or dropped by bounded mailboxes', labels);
    this.actorsRefused = metrics.counter('rosetta_actors_refused_total', 'Spawns and activations refused at the live-actor limit', labels);
    this.liveActors = metrics.gauge('rosetta_live_actors', 'Live actors, spawned and activated', labels);
    this.activations = metrics.counter('rosetta_virtual_activations_total', 'Virtual actors activated', labels);
    this.passivations = metrics.counter('rosetta_virtual_passivations_total', 'Virtual actors that stopped (idle, memory pressure or stopped)', labels);
  }
}
