/**
 * The remoting plumbing of one tenant space: its outbound endpoints to Proto.Actor
 * nodes, its address resolver, its activator, and the edge's view of the tenant
 * (serialization, services, quota) that inbound streams are delivered through.
 * The gRPC server is shared; each authenticated stream is bound to the binding of
 * its token's tenant.
 */
import { ACTIVATOR_ID, type Dialect } from '../../protocol/index.js';
import type { Metrics } from '../actors/index.js';
import { EdgeMetrics } from '../edge/edge-metrics.js';
import type { EdgeSpace } from '../edge/inbound-pipeline.js';
import type { TenantSpace } from '../tenancy/index.js';
import { activatorProps } from './activator.js';
import { EndpointManager } from './endpoint-manager.js';
import type { Logger } from '../log/logger.js';
import { MessageSerialization } from '../serialization/message-serialization.js';
import { RemoteProcess } from './remote-process.js';
import type { TypeRegistry } from '../serialization/type-registry.js';

export interface BindingContext {
  memberId: string;
  advertisedAddress: string;
  types: TypeRegistry;
  dialectFor(address: string): Dialect;
  serializersFor(address: string): readonly number[];
  allowDial?: (address: string) => boolean;
  expectedMemberId?: (address: string) => string | undefined;
  limits: { maxBatchBytes: number; maxBatchEnvelopes: number; maxQueuedEnvelopes: number; connectTimeoutMs: number };
  metadata?: Record<string, string>;
  logger: Logger;
  metrics: Metrics;
}

export class RemoteBinding {
  readonly manager: EndpointManager;
  readonly serialization: MessageSerialization;
  /** The tenant as the edge pipeline sees it. */
  readonly edge: EdgeSpace;
  private readonly unregister: () => void;

  constructor(readonly space: TenantSpace, ctx: BindingContext) {
    const system = space.system;
    system.address = ctx.advertisedAddress;
    this.serialization = new MessageSerialization(ctx.types, () => system.address);
    this.edge = {
      tenant: space.tenant, system, serialization: this.serialization, quota: space.quota, services: space.services,
      metrics: new EdgeMetrics(ctx.metrics, { tenant: space.tenant, transport: 'grpc' }),
    };
    this.manager = new EndpointManager(system, {
      memberId: ctx.memberId,
      advertisedAddress: ctx.advertisedAddress,
      dialectFor: ctx.dialectFor,
      serializersFor: ctx.serializersFor,
      ...ctx.limits,
      metadata: ctx.metadata,
      allowDial: ctx.allowDial,
      expectedMemberId: ctx.expectedMemberId,
      logger: ctx.logger,
    });
    const remoteProcess = new RemoteProcess(system, this.manager, this.serialization, ctx.serializersFor);
    const advertised = ctx.advertisedAddress;
    this.unregister = system.registry.registerAddressResolver((pid) => (pid.address && pid.address !== advertised ? remoteProcess : undefined));
    if (system.registry.getLocal(ACTIVATOR_ID) === undefined) system.spawnService(activatorProps(space.spawnable), ACTIVATOR_ID);
  }

  get system() {
    return this.space.system;
  }

  async shutdown(): Promise<void> {
    await this.manager.shutdown();
    this.unregister();
  }
}
