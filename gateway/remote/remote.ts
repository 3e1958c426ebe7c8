/**
 * Remote: makes an ActorSystem reachable over Proto.Actor's gRPC remoting, so
 * unmodified protoactor-go nodes (either wire dialect) send to, request from,
 * watch and remote-spawn TS actors, and TS actors address Go PIDs.
 *
 * @example
 *   const system = new ActorSystem();
 *   const remote = new Remote(system, { host: '127.0.0.1', port: 8090 });
 *   remote.register('echo', Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(ctx.message) }));
 *   await remote.start();            // system.address is now '127.0.0.1:8090'
 *
 * Given TenantSpaces instead of one system, each authenticated stream is served
 * by its token's tenant space, and a tenant dials only nodes that authenticated
 * as that tenant (or configured `peers`).
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { ALL_SERIALIZERS, PROTO_ACTOR_SERIALIZERS, type Dialect, type WireEnvelope } from '../../protocol/index.js';
import type { ActorSystem, Props } from '../actors/index.js';
import type { Principal } from '../auth/index.js';
import { DEFAULT_TENANT, TenantSpaces, type TenantQuota } from '../tenancy/index.js';
import { InboundStream } from './endpoint-reader.js';
import { consoleLogger, type Logger } from './log.js';
import { RemoteBinding } from './remote-binding.js';
import { diagnosticsHandlers } from './diagnostics-service.js';
import { remotingService } from './remoting-service.js';
import { TypeRegistry } from './type-registry.js';

export interface RemoteOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The address put in this node's PIDs; default `host:port`. Peers compare it as a string. */
  advertisedAddress?: string;
  /** Wire dialect of peers not listed in `peers` (default 'v2025'). */
  dialect?: Dialect;
  /** Per-peer settings by advertised address. */
  peers?: Record<string, { dialect?: Dialect; serializers?: number[] }>;
  memberId?: string;
  /** Frame size bound for outgoing batches (below gRPC's 4 MiB default). */
  maxBatchBytes?: number;
  maxBatchEnvelopes?: number;
  /** Per-endpoint send queue bound; beyond it senders get RESOURCE_EXHAUSTED. */
  maxQueuedEnvelopes?: number;
  connectTimeoutMs?: number;
  /** gRPC metadata sent on outbound streams (e.g. `authorization`). */
  metadata?: Record<string, string>;
  /**
   * Verifies each inbound stream's bearer token (see gateway/auth TokenVerifier.verify).
   * When set, a stream without a valid token is closed UNAUTHENTICATED, and every envelope
   * is checked against the token's `send` permissions.
   */
  authenticate?: (token: string | undefined) => Promise<Principal>;
  logger?: Logger;
}

export class Remote {
  readonly types = new TypeRegistry();
  readonly memberId: string;
  private readonly kinds = new Map<string, Props>();
  private readonly inbound = new Set<InboundStream>();
  private readonly bindings = new Map<string, RemoteBinding>();
  /** Server-connection addresses seen per tenant: the nodes a tenant may dial. */
  private readonly tenantPeers = new Map<string, Set<string>>();
  private server: grpc.Server | undefined;
  private advertised = '';
  private readonly logger: Logger;
  private readonly counters = { received: 0, denied: 0 };

  constructor(private readonly target: ActorSystem | TenantSpaces, private readonly options: RemoteOptions) {
    this.memberId = options.memberId ?? randomUUID();
    this.logger = options.logger ?? consoleLogger;
  }

  /** A kind Go peers may remote-spawn through the activator. */
  register(kind: string, props: Props): void {
    this.kinds.set(kind, props);
  }

  get address(): string {
    return this.advertised;
  }

  /** The actor system of a single-system Remote, or the default tenant's. */
  get system(): ActorSystem {
    return this.target instanceof TenantSpaces ? this.target.get(DEFAULT_TENANT).system : this.target;
  }

  /** Envelopes delivered from peers since start. */
  get received(): number { return this.counters.received; }
  /** Envelopes refused by permission checks since start. */
  get denied(): number { return this.counters.denied; }

  private dialectFor = (address: string | undefined): Dialect =>
    (address && this.options.peers?.[address]?.dialect) || this.options.dialect || 'v2025';

  private serializersFor = (address: string): readonly number[] =>
    this.options.peers?.[address]?.serializers ?? (this.dialectFor(address) === 'v2024' ? PROTO_ACTOR_SERIALIZERS : ALL_SERIALIZERS);

  private bindingFor(tenant: string): RemoteBinding {
    const key = this.target instanceof TenantSpaces ? tenant : DEFAULT_TENANT;
    let b = this.bindings.get(key);
    if (b === undefined) {
      const system = this.target instanceof TenantSpaces ? this.target.get(key).system : this.target;
      const o = this.options;
      const tenantScoped = this.target instanceof TenantSpaces && o.authenticate !== undefined;
      b = new RemoteBinding(system, {
        memberId: this.memberId,
        advertisedAddress: this.advertised,
        types: this.types,
        kinds: this.kinds,
        dialectFor: this.dialectFor,
        serializersFor: this.serializersFor,
        allowDial: tenantScoped ? (address) => o.peers?.[address] !== undefined || this.tenantPeers.get(key)?.has(address) === true : undefined,
        limits: {
          maxBatchBytes: o.maxBatchBytes ?? 3 * 1024 * 1024,
          maxBatchEnvelopes: o.maxBatchEnvelopes ?? 1000,
          maxQueuedEnvelopes: o.maxQueuedEnvelopes ?? 200_000,
          connectTimeoutMs: o.connectTimeoutMs ?? 5_000,
        },
        metadata: o.metadata,
        logger: this.logger,
        counters: this.counters,
        quota: this.quotaFor(key),
      });
      this.bindings.set(key, b);
    }
    return b;
  }

  private quotaFor(tenant: string): TenantQuota | undefined {
    return this.target instanceof TenantSpaces ? this.target.get(tenant).quota : undefined;
  }

  async start(): Promise<string> {
    const o = this.options;
    const server = new grpc.Server({ 'grpc.max_receive_message_length': 8 * 1024 * 1024, 'grpc.max_send_message_length': 8 * 1024 * 1024 });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${o.host}:${o.port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    this.server = server;
    this.advertised = o.advertisedAddress ?? `${o.host}:${port}`;
    if (this.target instanceof TenantSpaces) {
      this.target.setAddress(this.advertised);
      this.target.onCreated((space) => this.bindingFor(space.tenant));
    } else {
      this.bindingFor(DEFAULT_TENANT);
    }
    const host = {
      memberId: this.memberId,
      advertisedAddress: this.advertised,
      logger: this.logger,
      authenticate: o.authenticate,
      dialectFor: this.dialectFor,
      deliver: (envs: WireEnvelope[], from: InboundStream) => this.bindingFor(from.principal?.tenant ?? DEFAULT_TENANT).deliver(envs, from),
      opened: (s: InboundStream) => {
        try {
          s.releaseConnection = this.quotaFor(s.principal?.tenant ?? DEFAULT_TENANT)?.acquireConnection();
        } catch (err) {
          s.fail(grpc.status.RESOURCE_EXHAUSTED, (err as Error).message);
          return;
        }
        this.inbound.add(s);
        if (s.connection?.type === 'server' && s.principal) {
          const peers = this.tenantPeers.get(s.principal.tenant) ?? new Set<string>();
          peers.add(s.connection.address);
          this.tenantPeers.set(s.principal.tenant, peers);
        }
      },
      closed: (s: InboundStream) => { s.releaseConnection?.(); this.inbound.delete(s); for (const b of this.bindings.values()) b.manager.streamClosed(s); },
    };
    server.addService(remotingService, {
      Receive: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => new InboundStream(call, host),
      ...diagnosticsHandlers({
        types: this.types,
        address: () => this.advertised,
        authenticate: o.authenticate,
        systemFor: (p) => this.bindingFor(p?.tenant ?? DEFAULT_TENANT).system,
      }),
    });
    this.logger.info('remote listening', { address: this.advertised, dialect: o.dialect ?? 'v2025', member: this.memberId });
    return this.advertised;
  }

  /** Fails every inbound stream whose principal matches (a revoked token) with UNAUTHENTICATED. Returns how many. */
  closeWhere(pred: (p: Principal) => boolean, message: string): number {
    let n = 0;
    for (const s of [...this.inbound]) {
      if (s.principal === undefined || !pred(s.principal)) continue;
      s.fail(grpc.status.UNAUTHENTICATED, message);
      n++;
    }
    return n;
  }

  /** Graceful: DisconnectRequest to every inbound peer, flush and close outbound streams, stop serving. */
  async shutdown(): Promise<void> {
    for (const s of [...this.inbound]) s.disconnect();
    await Promise.all([...this.bindings.values()].map((b) => b.shutdown()));
    const server = this.server;
    if (server) await new Promise<void>((r) => server.tryShutdown(() => r()));
    server?.forceShutdown();
  }
}
