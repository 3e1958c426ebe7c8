/**
 * The composition root: one GatewayConfig in, a running gateway out. `rosetta
 * start` / `rosetta dev`, the tests, the benchmarks and users' own programs all
 * build the gateway here — tenant spaces (with the user's actors, through the
 * setup hook), the embedded issuer and trusted issuers when auth is on, the gRPC
 * remoting transport and the WebSocket transport over one edge, revocations, and
 * the operational monitors.
 *
 * @example
 *   import { Gateway, Props } from 'rosetta';
 *   const gw = await Gateway.start({ grpc: { port: 0 }, ws: { port: 0 } }, {
 *     setup: (t) => t.actor('greeter', Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(`hello ${ctx.message}`); })),
 *   });
 *   console.log(gw.addresses);   // { grpc: '127.0.0.1:40123', ws: 'ws://127.0.0.1:40124' }
 *   await gw.stop();
 */
import { AuthError, DEFAULT_AUDIENCE, KeyStore, readTrustFile, RevocationStore, TokenVerifier, type Principal } from './auth/index.js';
import type { DocumentHooks } from '../crdt/index.js';
import { resolveConfig, quotaFor, type GatewayConfig, type GatewayOptions } from './config.js';
import { DocumentSpaces } from './documents/index.js';
import { LiveConnections } from './edge/live-connections.js';
import { MemoryGuard, MetricsRegistry, type Metrics } from './actors/index.js';
import { consoleLogger, RateLimitedLog, type Logger } from './log/index.js';
import { startFdMonitor } from './operations/fd-monitor.js';
import type { NameDirectory } from './registry/index.js';
import { Remote } from './remote/index.js';
import { DEFAULT_TENANT, TenantSpaces, tenantSetup, type TenantSetup, type TenantSpace } from './tenancy/index.js';
import { WsGateway } from './ws/index.js';

export interface GatewayHooks {
  /** Runs once for every tenant space as it is created: host the tenant's actors and kinds there. */
  setup?: (tenant: TenantSetup) => void;
  /** Where each tenant's names are stored (default: in this process; a cluster store plugs in here). */
  nameDirectory?: (tenant: string) => NameDirectory;
  /** Where the runtime, the edge and the transports report (default: an in-memory MetricsRegistry, `gateway.metrics`). */
  metrics?: Metrics;
  /** Application hooks of each tenant's documents: on load (may seed), on change (debounced), on store, on unload. */
  documents?: (tenant: string) => DocumentHooks | undefined;
}

export class Gateway {
  readonly spaces: TenantSpaces;
  /** Every open connection of both transports (revocation ends them through this list). */
  readonly live = new LiveConnections();
  readonly logger: Logger;
  /** The gRPC address peers put in PIDs, and the WebSocket URL. */
  readonly addresses = { grpc: '', ws: '' };
  /** A token for tenant `dev` (when `auth.devToken`). */
  devToken: string | undefined;
  private remote: Remote | undefined;
  private ws: WsGateway | undefined;
  private readonly closers: (() => void)[] = [];

  private readonly memoryGuard: MemoryGuard | undefined;
  /** Every tenant's replicated documents (undefined when `documents.enabled` is false). */
  readonly documents: DocumentSpaces | undefined;
  /** Counters, gauges and summaries of every layer (the hooks' Metrics, or an in-memory registry). */
  readonly metrics: Metrics;

  private constructor(readonly config: GatewayConfig, hooks: GatewayHooks) {
    this.logger = config.logger ?? consoleLogger;
    this.metrics = hooks.metrics ?? new MetricsRegistry();
    const setup = hooks.setup;
    this.memoryGuard = config.memoryGuard ? new MemoryGuard({ warn: (msg, fields) => this.logger.warn(msg, fields) }).start() : undefined;
    this.documents = config.documents.enabled ? new DocumentSpaces({ dataDir: config.dataDir, limits: config.documents.limits, hooks: hooks.documents }) : undefined;
    this.spaces = new TenantSpaces((space) => setup?.(tenantSetup(space)), (tenant) => quotaFor(config, tenant), {
      nameDirectory: hooks.nameDirectory, memoryGuard: this.memoryGuard, metrics: this.metrics, documents: this.documents,
    });
  }

  /** Builds and starts a gateway from `options` (anything unset takes its default, see gateway/config.ts). */
  static async start(options: GatewayOptions = {}, hooks: GatewayHooks = {}): Promise<Gateway> {
    const gw = new Gateway(resolveConfig(options), hooks);
    try {
      await gw.open();
    } catch (err) {
      await gw.stop();
      throw err;
    }
    return gw;
  }

  /** The space of `tenant` (created with the setup hook on first use); without auth everything is in `default`. */
  space(tenant = DEFAULT_TENANT): TenantSpace {
    return this.spaces.get(tenant);
  }

  private async open(): Promise<void> {
    const c = this.config;
    const httpRoutes: Record<string, () => unknown> = { '/healthz': () => ({ status: 'ok' }) };
    const authenticate = c.auth.enabled ? await this.openAuth(httpRoutes) : undefined;
    const remote = new Remote(this.spaces, {
      host: c.host, port: c.grpc.port, advertisedAddress: c.grpc.advertise, dialect: c.grpc.dialect, peers: c.grpc.peers,
      connectTimeoutMs: c.grpc.connectTimeoutMs, maxBufferedBytes: c.ws.maxBufferedBytes, authenticate, live: this.live, logger: this.logger, metrics: this.metrics,
    });
    this.remote = remote;
    this.addresses.grpc = await remote.start();
    const ws = new WsGateway(this.spaces, {
      host: c.host, port: c.ws.port, authenticate, types: remote.types, pingIntervalMs: c.ws.pingIntervalMs, httpRoutes,
      maxBufferedBytes: c.ws.maxBufferedBytes, maxFrameBytes: c.ws.maxFrameBytes, helloTimeoutMs: c.ws.helloTimeoutMs, live: this.live, logger: this.logger, metrics: this.metrics,
      yjsPath: c.documents.enabled ? c.documents.yjsPath : undefined,
    });
    this.ws = ws;
    this.addresses.ws = await ws.start();
    if (c.fdMonitor) this.closers.push(startFdMonitor(new RateLimitedLog(this.logger, 5_000)));
  }

  /** The embedded issuer (its JWKS served over HTTP), trusted issuers, and revocations that end live connections. */
  private async openAuth(httpRoutes: Record<string, () => unknown>): Promise<(token: string | undefined) => Promise<Principal>> {
    const c = this.config;
    const store = await new KeyStore(c.dataDir).open();
    const trust = c.auth.trustFile ? readTrustFile(c.auth.trustFile) : { tenants: [] };
    const verifier = new TokenVerifier({ ...trust, tenants: [{ id: '*', issuer: store.issuer, audience: DEFAULT_AUDIENCE, jwks: () => store.currentJwks() }, ...trust.tenants] });
    httpRoutes['/.well-known/jwks.json'] = () => store.currentJwks();
    const revocations = new RevocationStore(c.dataDir, verifier.revocations);
    // `rosetta revoke` in another shell: live connections holding a now-revoked token are closed.
    revocations.watch(() => {
      this.logger.info('revocations reloaded', { entries: revocations.list.size });
      const closed = this.live.revokeWhere((p) => verifier.isRevoked(p), new AuthError('revoked', 'token has been revoked'));
      if (closed > 0) this.logger.warn('closed connections with revoked tokens', { count: closed });
    });
    this.closers.push(() => revocations.close());
    if (c.auth.devToken) this.devToken = await store.issue({ tenant: 'dev', subject: 'developer', ttlSeconds: 24 * 3600 });
    return (t) => verifier.verify(t);
  }

  /**
   * Graceful: both transports say goodbye to their peers, then every tenant's actors stop — within
   * `shutdownMs` in all (a million actors stop in under a second); what is left is reported.
   */
  async stop(): Promise<void> {
    const started = performance.now();
    this.memoryGuard?.stop();
    for (const close of this.closers.splice(0)) close();
    await this.ws?.shutdown();
    await this.remote?.shutdown();
    const report = await this.spaces.shutdown(Math.max(500, this.config.shutdownMs - (performance.now() - started)));
    if (report.remaining > 0) this.logger.warn('actors still running at exit', { ...report });
    // Every acknowledged update is already on disk; this compacts each loaded document and closes the store.
    await this.documents?.close().catch((err: Error) => this.logger.warn('closing documents failed', { error: err.message }));
  }
}
