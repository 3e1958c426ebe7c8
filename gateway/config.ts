/**
 * The one configuration of a gateway and its defaults — in one place, as
 * protoactor-go's `remote/config.go` + `defaults`. Flags (`rosetta start`), config
 * files, tests and users' programs all produce a `GatewayOptions` (any subset), and
 * `resolveConfig` fills in the rest; the composition root (`Gateway.start`) consumes
 * the result and nothing else.
 *
 * @example
 *   const config = resolveConfig({ grpc: { port: 0 }, ws: { port: 0 }, auth: { enabled: true, dataDir: '/var/lib/rosetta' } });
 */
import type { Dialect } from '../protocol/index.js';
import { crdtLimits, type CrdtLimits } from '../crdt/index.js';
import type { Logger } from './log/index.js';
import type { PeerSettings } from './remote/remote.js';
import { DEFAULT_QUOTA, type QuotaLimits } from './tenancy/index.js';

export interface GatewayConfig {
  /** Interface both transports listen on. */
  host: string;
  grpc: {
    /** 0 picks a free port. */
    port: number;
    /** The address put in this node's PIDs (default `host:port`); peers compare it as a string. */
    advertise: string | undefined;
    /** Wire dialect of Proto.Actor peers not listed in `peers`. */
    dialect: Dialect;
    /** Per-peer dialect (and, with auth, a tenant allowed to dial it before it connects). */
    peers: Record<string, PeerSettings>;
    connectTimeoutMs: number;
  };
  ws: {
    port: number;
    /** Liveness: ping every interval (spread over it), drop a client silent for one interval. */
    pingIntervalMs: number;
    /** Unread bytes per client before it is closed as a slow consumer. */
    maxBufferedBytes: number;
    maxFrameBytes: number;
    helloTimeoutMs: number;
  };
  auth: {
    /** Require a JWT on every connection (embedded issuer + `trustFile` issuers). */
    enabled: boolean;
    /** More trusted issuers (JSON; see gateway/auth/trust-config.ts). */
    trustFile: string | undefined;
    /** Issue a token for tenant `dev` at start (printed by `rosetta dev`). */
    devToken: boolean;
  };
  /** Replicated state: Yjs documents per tenant, durable in `<dataDir>/crdt` (crdt/README.md). */
  documents: {
    enabled: boolean;
    /**
     * WebSocket path prefix of the one-document endpoint: a stock y-websocket provider at
     * `ws://<gateway><yjsPath>` syncs room `<name>` at `<yjsPath>/<name>?token=…`.
     */
    yjsPath: string;
    /** Update, document, queue and timing bounds (crdt/limits.ts). */
    limits: CrdtLimits;
  };
  /** Keys, revocations and document state. */
  dataDir: string;
  quotas: {
    /** Every tenant's limits unless `perTenant` says otherwise. */
    default: QuotaLimits;
    perTenant: Record<string, Partial<QuotaLimits>>;
  };
  /** Log and count file-descriptor exhaustion (Linux). */
  fdMonitor: boolean;
  /** Shed idle virtual actors (least recently used first) and refuse activations under heap pressure. */
  memoryGuard: boolean;
  /** How long tenants' actors get to stop when the gateway stops (Stopping/Stopped run, watchers are told). */
  shutdownMs: number;
  logger: Logger | undefined;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** What callers give: any subset of the configuration. */
export type GatewayOptions = DeepPartial<Omit<GatewayConfig, 'logger'>> & { logger?: Logger | undefined };

export function defaultGatewayConfig(): GatewayConfig {
  return {
    host: '127.0.0.1',
    grpc: { port: 8090, advertise: undefined, dialect: 'v2025', peers: {}, connectTimeoutMs: 5_000 },
    ws: { port: 8080, pingIntervalMs: 30_000, maxBufferedBytes: 8 * 1024 * 1024, maxFrameBytes: 4 * 1024 * 1024, helloTimeoutMs: 10_000 },
    auth: { enabled: false, trustFile: undefined, devToken: false },
    documents: { enabled: true, yjsPath: '/yjs', limits: crdtLimits() },
    dataDir: '.rosetta-data',
    quotas: { default: { ...DEFAULT_QUOTA }, perTenant: {} },
    fdMonitor: true,
    memoryGuard: true,
    shutdownMs: 4_000,
    logger: undefined,
  };
}

/** The defaults, overridden section by section by `o`. */
export function resolveConfig(o: GatewayOptions = {}): GatewayConfig {
  const d = defaultGatewayConfig();
  return {
    host: o.host ?? d.host,
    grpc: { ...d.grpc, ...defined(o.grpc), peers: { ...(o.grpc?.peers as Record<string, PeerSettings> | undefined) } },
    ws: { ...d.ws, ...defined(o.ws) },
    auth: { ...d.auth, ...defined(o.auth) },
    documents: {
      enabled: o.documents?.enabled ?? d.documents.enabled,
      yjsPath: yjsPath(o.documents?.yjsPath ?? d.documents.yjsPath),
      limits: crdtLimits(defined(o.documents?.limits)),
    },
    dataDir: o.dataDir ?? d.dataDir,
    quotas: {
      default: { ...d.quotas.default, ...defined(o.quotas?.default) } as QuotaLimits,
      perTenant: { ...(o.quotas?.perTenant as Record<string, Partial<QuotaLimits>> | undefined) },
    },
    fdMonitor: o.fdMonitor ?? d.fdMonitor,
    memoryGuard: o.memoryGuard ?? d.memoryGuard,
    shutdownMs: o.shutdownMs ?? d.shutdownMs,
    logger: o.logger ?? d.logger,
  };
}

/** The tenant's quota under `config`. */
export function quotaFor(config: GatewayConfig, tenant: string): QuotaLimits {
  return { ...config.quotas.default, ...config.quotas.perTenant[tenant] };
}

/** `/yjs`: a leading slash, no trailing one, no query, not the root (the root is the session endpoint). */
function yjsPath(p: string): string {
  if (!/^\/[A-Za-z0-9._~\/-]*[A-Za-z0-9._~-]$/.test(p)) throw new RangeError(`documents.yjsPath must look like /yjs, got ${JSON.stringify(p)}`);
  return p;
}

function defined<T extends object>(o: T | undefined): Partial<T> {
  if (o === undefined) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
