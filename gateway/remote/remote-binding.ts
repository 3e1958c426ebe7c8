/**
 * The remoting plumbing of one actor system (one tenant space): its outbound
 * endpoints, its address resolver, its activator, and delivery of inbound
 * envelopes into it. The gRPC server is shared; each authenticated stream's
 * envelopes go to the binding of its token's tenant.
 */
import { InvalidArgumentError, PermissionDeniedError, ResourceExhaustedError, type Dialect, type WireEnvelope } from '../../protocol/index.js';
import { DeadLetterResponse, MessageEnvelope, PID, Stop, Terminated, Unwatch, Watch, type ActorSystem, type Props } from '../actors/index.js';
import { denial } from '../auth/index.js';
import type { TenantQuota } from '../tenancy/index.js';
import { activatorProps } from './activator.js';
import { EndpointManager } from './endpoint-manager.js';
import type { InboundStream } from './endpoint-reader.js';
import type { Logger } from './log.js';
import { MessageSerialization } from './message-serialization.js';
import { RemoteProcess } from './remote-process.js';
import type { TypeRegistry } from './type-registry.js';

export interface BindingContext {
  memberId: string;
  advertisedAddress: string;
  types: TypeRegistry;
  kinds: ReadonlyMap<string, Props>;
  dialectFor(address: string): Dialect;
  serializersFor(address: string): readonly number[];
  allowDial?: (address: string) => boolean;
  limits: { maxBatchBytes: number; maxBatchEnvelopes: number; maxQueuedEnvelopes: number; connectTimeoutMs: number };
  metadata?: Record<string, string>;
  logger: Logger;
  counters: { received: number; denied: number };
  /** The tenant's quota: inbound envelopes past its rate are refused. */
  quota?: TenantQuota;
}

export class RemoteBinding {
  readonly manager: EndpointManager;
  private readonly serialization: MessageSerialization;
  private readonly unregister: () => void;

  constructor(readonly system: ActorSystem, private readonly ctx: BindingContext) {
    system.address = ctx.advertisedAddress;
    this.serialization = new MessageSerialization(ctx.types, () => system.address);
    this.manager = new EndpointManager(system, {
      memberId: ctx.memberId,
      advertisedAddress: ctx.advertisedAddress,
      dialectFor: ctx.dialectFor,
      serializersFor: ctx.serializersFor,
      ...ctx.limits,
      metadata: ctx.metadata,
      allowDial: ctx.allowDial,
      logger: ctx.logger,
    });
    const remoteProcess = new RemoteProcess(system, this.manager, this.serialization, ctx.serializersFor);
    const advertised = ctx.advertisedAddress;
    this.unregister = system.registry.registerAddressResolver((pid) => (pid.address && pid.address !== advertised ? remoteProcess : undefined));
    if (system.registry.getLocal('activator') === undefined) system.root.spawnNamed(activatorProps(ctx.kinds), 'activator');
  }

  deliver(envelopes: WireEnvelope[], from: InboundStream): void {
    const { system, ctx } = this;
    const isClient = from.connection?.type === 'client';
    const admitted = ctx.quota ? ctx.quota.admitEnvelopes(envelopes.length) : envelopes.length;
    if (admitted < envelopes.length) this.refuseOverRate(envelopes, admitted, isClient, ctx.quota!);
    for (let i = 0; i < admitted; i++) {
      const e = envelopes[i]!;
      ctx.counters.received++;
      // Inbound envelopes are for this node, whatever address the peer wrote: never re-route them.
      const target = new PID(system.address, e.target.id, e.target.requestId);
      const sender = e.sender ? new PID(e.sender.address, e.sender.id, e.sender.requestId) : undefined;
      if (isClient && sender) this.manager.routeClient(sender.address, from);
      let message: unknown;
      try {
        message = this.serialization.fromWire(e.typeName, e.serializerId, e.payload);
      } catch (err) {
        ctx.logger.warn('undecodable payload', { type: e.typeName, target: e.target.id, error: (err as Error).message });
        system.deadLetters.sendUserMessage(target, e.typeName, undefined);
        if (sender) system.sendUser(sender, err instanceof InvalidArgumentError ? err : new InvalidArgumentError(String(err)), undefined);
        continue;
      }
      const principal = from.principal;
      const denied = denial(principal, e.target.id, message);
      if (denied) {
        // Denied: counted, logged, answered. Proto.Actor peers cannot decode rosetta.v1.Error,
        // so their futures get DeadLetterResponse (ErrDeadLetter); clients get the typed error.
        ctx.counters.denied++;
        ctx.logger.warn('send denied', { tenant: principal!.tenant, subject: principal!.subject, target: e.target.id });
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

  /** Past the tenant's rate: nothing is delivered; requests are answered (Proto.Actor peers with ErrDeadLetter, as for denials). */
  private refuseOverRate(envelopes: WireEnvelope[], from: number, isClient: boolean, quota: TenantQuota): void {
    const message = quota.exhaustedMessage('envelopes');
    if (quota.reportDue()) this.ctx.logger.warn('envelopes over quota', { tenant: quota.tenant, refusedSinceStart: quota.refused.envelopes });
    for (let i = from; i < envelopes.length; i++) {
      const e = envelopes[i]!;
      if (!e.sender) continue;
      const sender = new PID(e.sender.address, e.sender.id, e.sender.requestId);
      this.system.sendUser(sender, isClient ? new ResourceExhaustedError(message) : new DeadLetterResponse(new PID(this.system.address, e.target.id)), undefined);
    }
  }

  async shutdown(): Promise<void> {
    await this.manager.shutdown();
    this.unregister();
  }
}
