/** Per-tenant quota flags of `rosetta start`/`dev`: defaults for every tenant, then `--quota tenant:key=n,…` overrides. */
import { DEFAULT_QUOTA, type QuotaLimits } from '../tenancy/index.js';

const FLAG_KEYS = {
  'max-connections': 'connections',
  'max-envelopes-per-sec': 'envelopesPerSecond',
  'max-names': 'names',
  'max-bytes-in-flight': 'bytesInFlight',
  'max-actors': 'actors',
} as const satisfies Record<string, keyof QuotaLimits>;

function limit(text: string, what: string): number {
  if (text === 'unlimited') return Infinity;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a whole number ≥ 0 or 'unlimited', not '${text}'`);
  return n;
}

/** The quota section of the gateway's options; throws with a message naming the bad flag. */
export function quotaFlags(values: Partial<Record<keyof typeof FLAG_KEYS, string>> & { quota?: string[] }): { default: QuotaLimits; perTenant: Record<string, QuotaLimits> } {
  const base: QuotaLimits = { ...DEFAULT_QUOTA };
  for (const [flag, key] of Object.entries(FLAG_KEYS) as [keyof typeof FLAG_KEYS, keyof QuotaLimits][]) {
    const v = values[flag];
    if (v !== undefined) base[key] = limit(v, `--${flag}`);
  }
  const perTenant: Record<string, QuotaLimits> = {};
  for (const spec of values.quota ?? []) {
    const colon = spec.indexOf(':');
    if (colon <= 0) throw new Error(`bad --quota '${spec}' (want tenant:key=n,…)`);
    const tenant = spec.slice(0, colon);
    const limits = { ...(perTenant[tenant] ?? base) };
    for (const pair of spec.slice(colon + 1).split(',')) {
      const [key, value] = pair.split('=');
      if (!key || value === undefined || !(key in base)) throw new Error(`bad --quota '${spec}': keys are ${Object.keys(base).join(', ')}`);
      limits[key as keyof QuotaLimits] = limit(value, `--quota ${tenant}:${key}`);
    }
    perTenant[tenant] = limits;
  }
  return { default: base, perTenant };
}
