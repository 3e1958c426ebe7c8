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
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { ALL_SERIALIZERS, InvalidArgumentError, PROTO_ACTOR_SERIALIZERS, type Dialect, type WireEnvelope } from '../../protocol/index.js';
import { DeadLetterResponse, MessageEnvelope, PID, Stop, Terminated, Unwatch, Watch, type ActorSystem, type Props } from '../actors/index.js';
import { PermissionDeniedError } from '../../protocol/index.js';
import { denial, type Principal } from '../auth/index.js';
import { activatorProps } from './activator.js';
import { EndpointManager } from './endpoint-manager.js';
import { InboundStream } from './endpoint-reader.js';
import { consoleLogger, type Logger } from './log.js';
import { MessageSerialization } from './message-serialization.js';
import { RemoteProcess } from './remote-process.js';
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
  private server: grpc.Server | undefined;
  private manager!: EndpointManager;
  private serialization!: MessageSerialization;
  private unregister: (() => void) | undefined;
  private readonly logger: Logger;
  /** Envelopes delivered from peers since start. */
  received = 0;
  /** Envelopes refused by permission checks since start. */
  denied = 0;

  constructor(readonly system: ActorSystem, private readonly options: RemoteOptions) {
    this.memberId = options.memberId ?? randomUUID();
    this.logger = options.logger ?? consoleLogger;
  }

  /** A kind Go peers may remote-spawn through the activator. */
  register(kind: string, props: Props): void {
    this.kinds.set(kind, props);
  }

  get address(): string {
    return this.system.address;
  }

  private dialectFor = (address: string | undefined): Dialect =>
    (address && this.options.peers?.[address]?.dialect) || this.options.dialect || 'v2025';

  private serializersFor = (address: string): readonly number[] =>
    this.options.peers?.[address]?.serializers ?? (this.dialectFor(address) === 'v2024' ? PROTO_ACTOR_SERIALIZERS : ALL_SERIALIZERS);

  async start(): Promise<string> {
    const o = this.options;
    const server = new grpc.Server({ 'grpc.max_receive_message_length': 8 * 1024 * 1024, 'grpc.max_send_message_length': 8 * 1024 * 1024 });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${o.host}:${o.port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    this.server = server;
    const advertised = o.advertisedAddress ?? `${o.host}:${port}`;
    this.system.address = advertised;
    this.serialization = new MessageSerialization(this.types, () => this.system.address);
    this.manager = new EndpointManager(this.system, {
      memberId: this.memberId,
      advertisedAddress: advertised,
      dialectFor: this.dialectFor,
      serializersFor: this.serializersFor,
      maxBatchBytes: o.maxBatchBytes ?? 3 * 1024 * 1024,
      maxBatchEnvelopes: o.maxBatchEnvelopes ?? 1000,
      maxQueuedEnvelopes: o.maxQueuedEnvelopes ?? 200_000,
      connectTimeoutMs: o.connectTimeoutMs ?? 5_000,
      metadata: o.metadata,
      logger: this.logger,
    });
    const remoteProcess = new RemoteProcess(this.system, this.manager, this.serialization, this.serializersFor);
    this.unregister = this.system.registry.registerAddressResolver((pid) => (pid.address && pid.address !== advertised ? remoteProcess : undefined));
    this.system.root.spawnNamed(activatorProps(this.kinds), 'activator');

    const host = {
      memberId: this.memberId,
      advertisedAddress: advertised,
      logger: this.logger,
      authenticate: o.authenticate,
      dialectFor: this.dialectFor,
      deliver: (envs: WireEnvelope[], from: InboundStream) => this.deliver(envs, from),
      opened: (s: InboundStream) => this.inbound.add(s),
      closed: (s: InboundStream) => { this.inbound.delete(s); this.manager.streamClosed(s); },
    };
    const unimplemented = (_call: unknown, cb: grpc.sendUnaryData<Buffer>): void => cb({ code: grpc.status.UNIMPLEMENTED, details: 'not implemented by Rosetta' });
    server.addService(remotingService, {
      Receive: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => new InboundStream(call, host),
      ListProcesses: unimplemented,
      GetProcessDiagnostics: unimplemented,
    });
    this.logger.info('remote listening', { address: advertised, dialect: o.dialect ?? 'v2025', member: this.memberId });
    return advertised;
  }

  private deliver(envelopes: WireEnvelope[], from: InboundStream): void {
    const system = this.system;
    const isClient = from.connection?.type === 'client';
    for (const e of envelopes) {
      this.received++;
      // Inbound envelopes are for this node, whatever address the peer wrote: never re-route them.
      const target = new PID(system.address, e.target.id, e.target.requestId);
      const sender = e.sender ? new PID(e.sender.address, e.sender.id, e.sender.requestId) : undefined;
      if (isClient && sender) this.manager.routeClient(sender.address, from);
      let message: unknown;
      try {
        message = this.serialization.fromWire(e.typeName, e.serializerId, e.payload);
      } catch (err) {
        this.logger.warn('undecodable payload', { type: e.typeName, target: e.target.id, error: (err as Error).message });
        system.deadLetters.sendUserMessage(target, e.typeName, undefined);
        if (sender) system.sendUser(sender, err instanceof InvalidArgumentError ? err : new InvalidArgumentError(String(err)), undefined);
        continue;
      }
      const principal = from.principal;
      const denied = denial(principal, e.target.id, message);
      if (denied) {
        // Denied: counted, logged, answered. Proto.Actor peers cannot decode rosetta.v1.Error,
        // so their futures get DeadLetterResponse (ErrDeadLetter); clients get the typed error.
        this.denied++;
        this.logger.warn('send denied', { tenant: principal!.tenant, subject: principal!.subject, target: e.target.id });
        if (sender) system.sendUser(sender, isClient ? new PermissionDeniedError(denied) : new DeadLetterResponse(target), undefined);
        continue;
      }
      if (message instanceof Terminated) {
        this.manager.remoteTerminated(message.who, target);
        system.registry.resolve(target).sendSystemMessage(target, message);
      } else if (message instanceof Watch || message instanceof Unwatch || message instanceof Stop) {
        system.registry.resolve(target).sendSystemMessage(target, message);
      } else {
        system.sendUser(target, e.headers && Object.keys(e.headers).length > 0 ? new MessageEnvelope(message, e.headers) : message, sender);
      }
    }
  }

  /** Graceful: DisconnectRequest to every inbound peer, flush and close outbound streams, stop serving. */
  async shutdown(): Promise<void> {
    for (const s of [...this.inbound]) s.disconnect();
    await this.manager?.shutdown();
    this.unregister?.();
    const server = this.server;
    if (server) await new Promise<void>((r) => server.tryShutdown(() => r()));
    server?.forceShutdown();
  }
}
