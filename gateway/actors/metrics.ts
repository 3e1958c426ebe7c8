/**
 * The one metrics seam, injected into the runtime, the edge and the transports
 * (instead of counter fields scattered over their classes). Instruments are
 * handles bound to a name and labels once, so a hot path pays one call per event,
 * no allocation. The default is `noopMetrics`; `MetricsRegistry` keeps values in
 * memory (a snapshot, and the Prometheus text an operations endpoint can serve).
 *
 * @example
 *   const metrics = new MetricsRegistry();
 *   const received = metrics.counter('rosetta_envelopes_received_total', 'Envelopes peers sent', { tenant: 'acme', transport: 'ws' });
 *   received.add();
 *   metrics.snapshot(); // { 'rosetta_envelopes_received_total{tenant="acme",transport="ws"}': 1 }
 */
export type Labels = Readonly<Record<string, string>>;

export interface Counter {
  add(n?: number): void;
}
export interface Gauge {
  set(value: number): void;
  add(delta: number): void;
}
export interface Histogram {
  observe(value: number): void;
}

export interface Metrics {
  counter(name: string, help: string, labels?: Labels): Counter;
  gauge(name: string, help: string, labels?: Labels): Gauge;
  histogram(name: string, help: string, labels?: Labels): Histogram;
}

const noop = { add() {}, set() {}, observe() {} };

/** Records nothing, costs a call. */
export const noopMetrics: Metrics = { counter: () => noop, gauge: () => noop, histogram: () => noop };

function key(name: string, labels: Labels | undefined): string {
  const pairs = labels ? Object.entries(labels) : [];
  return pairs.length === 0 ? name : `${name}{${pairs.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}

/** In-memory metrics: counters and gauges as numbers, histograms as count/sum/max. */
export class MetricsRegistry implements Metrics {
  private readonly values = new Map<string, { kind: 'counter' | 'gauge' | 'histogram'; name: string; help: string; value: number; count: number; sum: number; max: number }>();

  private entry(kind: 'counter' | 'gauge' | 'histogram', name: string, help: string, labels: Labels | undefined) {
    const k = key(name, labels);
    let e = this.values.get(k);
    if (e === undefined) { e = { kind, name, help, value: 0, count: 0, sum: 0, max: 0 }; this.values.set(k, e); }
    return e;
  }

  counter(name: string, help: string, labels?: Labels): Counter {
    const e = this.entry('counter', name, help, labels);
    return { add: (n = 1) => { e.value += n; } };
  }

  gauge(name: string, help: string, labels?: Labels): Gauge {
    const e = this.entry('gauge', name, help, labels);
    return { set: (v) => { e.value = v; }, add: (d) => { e.value += d; } };
  }

  histogram(name: string, help: string, labels?: Labels): Histogram {
    const e = this.entry('histogram', name, help, labels);
    return { observe: (v) => { e.count++; e.sum += v; if (v > e.max) e.max = v; } };
  }

  /** Every series by its key (`name{label="v",…}`): counters and gauges their value, histograms their count. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, e] of this.values) out[k] = e.kind === 'histogram' ? e.count : e.value;
    return out;
  }

  /** The sum of a metric over all its label sets (`where` filters by a key fragment such as `tenant="acme"`). */
  total(name: string, where = ''): number {
    let t = 0;
    for (const [k, e] of this.values) if (e.name === name && k.includes(where)) t += e.kind === 'histogram' ? e.count : e.value;
    return t;
  }

  /** Prometheus text exposition format. */
  prometheus(): string {
    const lines: string[] = [];
    const seen = new Set<string>();
    for (const [k, e] of [...this.values].sort(([a], [b]) => a.localeCompare(b))) {
      if (!seen.has(e.name)) { seen.add(e.name); lines.push(`# HELP ${e.name} ${e.help}`, `# TYPE ${e.name} ${e.kind === 'histogram' ? 'summary' : e.kind}`); }
      if (e.kind === 'histogram') {
        const labels = k.slice(e.name.length);
        lines.push(`${e.name}_count${labels} ${e.count}`, `${e.name}_sum${labels} ${e.sum}`);
      } else lines.push(`${k} ${e.value}`);
    }
    return lines.join('\n') + '\n';
  }
}
