/**
 * Remote: makes tenant spaces reachable over Proto.Actor's gRPC remoting, so
 * unmodified protoactor-go nodes (either wire dialect) send to, request from,
 * watch and remote-spawn TS actors, TS actors address Go PIDs, and client
 * connections (the JVM adapter, .NET clients) host actors at the gateway's
 * address (PROTOCOL.md §1a).
 *
 * Built by the composition root (gateway/gateway.ts); on its own:
 *
 * @example
 *   const spaces = new TenantSpaces();
 *   const remote = new Remote(spaces, { host: '127.0.0.1', port: 8090 });
 *   await remote.start();            // every space's address is now '127.0.0.1:8090'
 *
 * Each authenticated stream is served by its token's tenant space. A server
 * connection's declared address is bound to its tenant while the stream lives
 * (NodeAddressBook); a tenant dials only the nodes it holds (or `peers` given to
 * it), and a dialled node must answer as the member that declared the address.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import {
  ALL_SERIALIZERS, AlreadyExistsError, InvalidArgumentError, MEMBER_ID_PATTERN, PermissionDeniedError, PROTO_ACTOR_SERIALIZERS,
  clientOwnerId, type Connection, type Dialect,
} from '../../protocol/index.js';
import { DeadLetterResponse, noopMetrics, PID, TerminatedReason, type ActorSystem, type Metrics, type Props } from '../actors/index.js';
import { permits, type Principal } from '../auth/index.js';
import { HostedSession } from '../edge/hosted-session.js';
import { nodeIdentity, sessionIdentity } from '../edge/peer-identity.js';
import { LiveConnections } from '../edge/live-connections.js';
import { RateLimitedLog } from '../log/rate-limited-log.js';
import { DEFAULT_TENANT, type TenantSpaces } from '../tenancy/index.js';
import { ClientStreamTransport } from './client-stream-transport.js';
import { diagnosticsHandlers } from './diagnostics-service.js';
import { InboundStream, type StreamBinding } from './endpoint-reader.js';
import { consoleLogger, type Logger } from '../log/logger.js';
import { watchHttp2Sessions } from './http2-session-watchdog.js';
import { checkNodeAddress, NodeAddressBook } from './node-address-book.js';
import { RemoteBinding } from './remote-binding.js';
import { remotingService } from './remoting-service.js';
import { TypeRegistry } from '../serialization/type-registry.js';

export interface PeerSettings {
  dialect?: Dialect;
  serializers?: number[];
  /** With authentication: the tenant whose actors may dial this node without it connecting first. */
  tenant?: string;
}

export interface RemoteOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The address put in this node's PIDs; default `host:port`. Peers compare it as a string. */
  advertisedAddress?: string;
  /** Wire dialect of peers not listed in `peers` (default 'v2025'). */
  dialect?: Dialect;
  /** Per-peer settings by advertised address. */
  peers?: Record<string, PeerSettings>;
  memberId?: string;
  /** Frame size bound for outgoing batches (below gRPC's 4 MiB default). */
  maxBatchBytes?: number;
  maxBatchEnvelopes?: number;
  /** Per-endpoint send queue bound; beyond it senders get RESOURCE_EXHAUSTED. */
  maxQueuedEnvelopes?: number;
  /** Unwritten bytes a client connection may accumulate before it is closed as a slow consumer. Default 8 MiB. */
  maxBufferedBytes?: number;
  connectTimeoutMs?: number;
  /**
   * An HTTP/2 connection with no stream for this long is closed (default 15 s). Peers keep their
   * `Receive` stream open, so only idle and broken connections go — among them those a protocol
   * error left half-dead, which Node's http2 otherwise never releases (one file descriptor each).
   */
  idleConnectionMs?: number;
  /** gRPC metadata sent on outbound streams (e.g. `authorization`). */
  metadata?: Record<string, string>;
  /**
   * Verifies each inbound stream's bearer token (see gateway/auth TokenVerifier.verify).
   * When set, a stream without a valid token is closed UNAUTHENTICATED, and every envelope
   * is checked against the token's permissions.
   */
  authenticate?: (token: string | undefined) => Promise<Principal>;
  /** Where open connections are listed for revocation (shared with the other transports). */
  live?: LiveConnections;
  logger?: Logger;
  metrics?: Metrics;
}

export class Remote {
  readonly types = new TypeRegistry();
  readonly memberId: string;
  private readonly inbound = new Set<InboundStream>();
  private readonly bindings = new Map<string, RemoteBinding>();
  private readonly book = new NodeAddressBook();
  private server: grpc.Server | undefined;
  private advertised = '';
  private readonly logger: Logger;
  private readonly log: RateLimitedLog;
  private readonly metrics: Metrics;

  constructor(private readonly spaces: TenantSpaces, private readonly options: RemoteOptions) {
    this.memberId = options.memberId ?? randomUUID();
    this.logger = options.logger ?? consoleLogger;
    this.log = new RateLimitedLog(this.logger);
    this.metrics = options.metrics ?? noopMetrics;
  }

  /** A kind Go peers may remote-spawn through the activator, in every tenant (host programs use the setup hook instead). */
  register(kind: string, props: Props): void {
    this.spawnableEverywhere.set(kind, props);
    for (const b of this.bindings.values()) b.space.spawnable.set(kind, props);
  }

  private readonly spawnableEverywhere = new Map<string, Props>();

  get address(): string {
    return this.advertised;
  }

  /** The default tenant's actor system (the only one when authentication is off). */
  get system(): ActorSystem {
    return this.spaces.get(DEFAULT_TENANT).system;
  }

  private dialectFor = (address: string | undefined): Dialect =>
    (address && this.options.peers?.[address]?.dialect) || this.options.dialect || 'v2025';

  private serializersFor = (address: string): readonly number[] =>
    this.options.peers?.[address]?.serializers ?? (this.dialectFor(address) === 'v2024' ? PROTO_ACTOR_SERIALIZERS : ALL_SERIALIZERS);

  private bindingFor(tenant: string): RemoteBinding {
    const key = tenant;
    // Getting the space may create it, and a new space gets its binding through onCreated: look again after.
    const space = this.spaces.get(key);
    let b = this.bindings.get(key);
    if (b === undefined) {
      const o = this.options;
      const tenantScoped = o.authenticate !== undefined;
      b = new RemoteBinding(space, {
        memberId: this.memberId,
        advertisedAddress: this.advertised,
        types: this.types,
        dialectFor: this.dialectFor,
        serializersFor: this.serializersFor,
        allowDial: tenantScoped ? (address) => o.peers?.[address]?.tenant === key || this.book.holder(address)?.tenant === key : undefined,
        expectedMemberId: (address) => { const h = this.book.holder(address); return h !== undefined && h.tenant === key ? h.memberId : undefined; },
        limits: {
          maxBatchBytes: o.maxBatchBytes ?? 3 * 1024 * 1024,
          maxBatchEnvelopes: o.maxBatchEnvelopes ?? 1000,
          maxQueuedEnvelopes: o.maxQueuedEnvelopes ?? 200_000,
          connectTimeoutMs: o.connectTimeoutMs ?? 5_000,
        },
        metadata: o.metadata,
        logger: this.logger,
        metrics: this.metrics,
      });
      for (const [kind, props] of this.spawnableEverywhere) if (!space.spawnable.has(kind)) space.spawnable.set(kind, props);
      this.bindings.set(key, b);
    }
    return b;
  }

  async start(): Promise<string> {
    const o = this.options;
    const server = new grpc.Server({
      'grpc.max_receive_message_length': 8 * 1024 * 1024,
      'grpc.max_send_message_length': 8 * 1024 * 1024,
      'grpc.max_connection_idle_ms': o.idleConnectionMs ?? 15_000,
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${o.host}:${o.port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    this.server = server;
    if (watchHttp2Sessions(server) === 0) this.logger.warn('cannot watch HTTP/2 sessions: connections broken by a protocol error are released only when idle', {});
    this.advertised = o.advertisedAddress ?? `${o.host}:${port}`;
    this.spaces.setAddress(this.advertised);
    this.spaces.onCreated((space) => this.bindingFor(space.tenant));
    const host = {
      memberId: this.memberId,
      advertisedAddress: this.advertised,
      logger: this.logger,
      log: this.log,
      metrics: this.metrics,
      authenticate: o.authenticate,
      live: o.live ?? new LiveConnections(),
      transport: 'grpc',
      dialectFor: this.dialectFor,
      admit: (p: Principal | undefined) => this.bindingFor(this.tenantOf(p)).space.quota.acquireConnection(),
      connect: (s: InboundStream, c: Connection) => this.connect(s, c),
      closed: (s: InboundStream) => { this.inbound.delete(s); },
    };
    server.addService(remotingService, {
      Receive: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => { this.inbound.add(new InboundStream(call, host)); },
      ...diagnosticsHandlers({
        address: () => this.advertised,
        authenticate: o.authenticate,
        systemFor: (p) => this.bindingFor(p?.tenant ?? DEFAULT_TENANT).system,
      }),
    });
    this.logger.info('remote listening', { address: this.advertised, dialect: o.dialect ?? 'v2025', member: this.memberId });
    return this.advertised;
  }

  private tenantOf(p: Principal | undefined): string {
    return p?.tenant ?? DEFAULT_TENANT;
  }

  /** Binds a stream's handshake to its tenant: a node's address claim, or a client session. */
  private connect(stream: InboundStream, connection: Connection): StreamBinding {
    const binding = this.bindingFor(this.tenantOf(stream.principal));
    return connection.type === 'server'
      ? this.bindNode(stream, connection.address, connection.memberId, binding)
      : this.bindClient(stream, connection.memberId, binding);
  }

  /** A Proto.Actor node: its declared address is checked, then held for its tenant while the stream lives. */
  private bindNode(stream: InboundStream, address: string, memberId: string, binding: RemoteBinding): StreamBinding {
    checkNodeAddress(address);
    if (address === this.advertised) throw new PermissionDeniedError(`${address} is this gateway's own address`, { reason: 'own-address' });
    const p = stream.principal;
    if (p !== undefined && !permits(p.permissions, 'node', address)) {
      throw new PermissionDeniedError(`this token may not advertise the node address ${address}`, { reason: 'node-not-allowed' });
    }
    this.book.claim(address, binding.space.tenant, memberId, stream);
    const system = binding.system;
    return {
      identity: nodeIdentity(address),
      space: binding.edge,
      // Proto.Actor nodes cannot decode rosetta.v1.Error (legacy Go panics on unknown types): a refused
      // request is answered DeadLetterResponse, which a Go future reports as ErrDeadLetter.
      refuse: (_error, e, sender) => { if (e && sender) system.sendUser(sender, new DeadLetterResponse(new PID(system.address, e.target.id)), undefined); },
      release: () => {
        if (!this.book.release(address, stream)) return;
        binding.manager.addressReleased(address);
        binding.space.names.unregisterOwner(nodeIdentity(address).owner);
      },
    };
  }

  /** A client connection: a session hosting `$client/<member>/…` at the gateway's address. */
  private bindClient(stream: InboundStream, memberId: string, binding: RemoteBinding): StreamBinding {
    if (!MEMBER_ID_PATTERN.test(memberId)) {
      throw new InvalidArgumentError('a client connection needs a member id of 1-64 characters A-Z a-z 0-9 _ . : -', { reason: 'bad-member-id' });
    }
    const owner = clientOwnerId(memberId);
    const identity = sessionIdentity(owner, () => this.advertised);
    const space = binding.space;
    const transport = new ClientStreamTransport(stream, owner, () => this.advertised, binding.serialization);
    const session = new HostedSession(identity, transport, binding.edge, this.options.maxBufferedBytes ?? 8 * 1024 * 1024);
    if (!space.sessions.add(session)) throw new AlreadyExistsError(`member id ${memberId} is in use by another live client connection`, { reason: 'member-in-use' });
    return {
      identity,
      space: binding.edge,
      refuse: (error, _e, sender) => session.refuse(error, sender?.requestId ?? 0, sender),
      ownActorStopped: (id) => session.actorStopped(id, TerminatedReason.Stopped),
      release: () => {
        session.ended();
        space.sessions.remove(session);
        space.names.unregisterOwner(owner);
      },
    };
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
