/**
 * `rosetta start` / `rosetta dev` flags → GatewayOptions. Only what was given is
 * set, so a config file's values stand unless a flag overrides them, and every
 * default stays in gateway/config.ts. Throws an Error naming the bad flag.
 */
import { parseArgs } from 'node:util';
import type { GatewayOptions } from '../config.js';
import type { PeerSettings } from '../remote/remote.js';
import { quotaFlags } from './quota-flags.js';

export interface ServeFlags {
  options: GatewayOptions;
  /** `--config <file.json>`: GatewayOptions plus `"actors": "<module>"`. */
  configFile: string | undefined;
  /** `--actors <module>`: a module exporting `setup(tenant)`. */
  actors: string | undefined;
  /** `rosetta dev`: host the example actors unless `--no-examples`. */
  examples: boolean;
  help: boolean;
}

export const SERVE_OPTIONS = {
  config: { type: 'string' }, actors: { type: 'string' }, 'no-examples': { type: 'boolean' },
  host: { type: 'string' }, 'grpc-port': { type: 'string' }, 'ws-port': { type: 'string' }, advertise: { type: 'string' },
  dialect: { type: 'string' }, peer: { type: 'string', multiple: true },
  auth: { type: 'boolean' }, trust: { type: 'string' }, 'data-dir': { type: 'string' },
  'max-connections': { type: 'string' }, 'max-envelopes-per-sec': { type: 'string' }, 'max-names': { type: 'string' },
  'max-bytes-in-flight': { type: 'string' }, 'max-actors': { type: 'string' }, quota: { type: 'string', multiple: true },
  'ping-interval-ms': { type: 'string' }, 'no-documents': { type: 'boolean' }, 'yjs-path': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function port(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`bad ${flag} '${text}' (0-65535; 0 = any free port)`);
  return n;
}

export function parseServeFlags(argv: string[], dev: boolean): ServeFlags {
  const { values } = parseArgs({ args: argv, options: SERVE_OPTIONS });
  const dialect = values.dialect;
  if (dialect !== undefined && dialect !== 'v2024' && dialect !== 'v2025') throw new Error('--dialect must be v2024 or v2025');
  const peers: Record<string, PeerSettings> = {};
  for (const p of values.peer ?? []) {
    const m = /^([^=]+)=(v2024|v2025)(?:@([A-Za-z0-9_.-]{1,64}))?$/.exec(p);
    if (!m) throw new Error(`bad --peer '${p}' (want host:port=v2024|v2025[@tenant])`);
    peers[m[1]!] = { dialect: m[2] as 'v2024' | 'v2025', ...(m[3] ? { tenant: m[3] } : {}) };
  }
  const ping = values['ping-interval-ms'];
  if (ping !== undefined && (!Number.isInteger(Number(ping)) || Number(ping) < 10)) throw new Error(`bad --ping-interval-ms '${ping}' (≥ 10)`);
  const quotaGiven = ['max-connections', 'max-envelopes-per-sec', 'max-names', 'max-bytes-in-flight', 'max-actors', 'quota'].some((k) => values[k as keyof typeof values] !== undefined);
  const quotas = quotaGiven ? quotaFlags(values) : undefined;
  const options: GatewayOptions = {
    host: values.host,
    grpc: { port: port(values['grpc-port'], '--grpc-port'), advertise: values.advertise, dialect, ...(values.peer ? { peers } : {}) },
    ws: { port: port(values['ws-port'], '--ws-port'), pingIntervalMs: ping === undefined ? undefined : Number(ping) },
    auth: { enabled: values.auth, trustFile: values.trust, devToken: dev ? values.auth : undefined },
    dataDir: values['data-dir'],
    documents: { enabled: values['no-documents'] ? false : undefined, yjsPath: values['yjs-path'] },
    ...(quotas ? { quotas } : {}),
  };
  return { options, configFile: values.config, actors: values.actors, examples: dev && !values['no-examples'], help: values.help ?? false };
}
