/**
 * What a user's setup hook gets for each tenant space as it is created: the place
 * to host the tenant's own TypeScript actors. Named actors, virtual-actor kinds and
 * remote-spawnable kinds are registered per tenant, so two tenants can run
 * different actors under the same names.
 *
 * @example
 *   export function setup(t: TenantSetup): void {
 *     t.actor('echo', Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(ctx.message); }));
 *     t.kind('cart', Props.fromProducer(() => new Cart()), { idleTimeoutMs: 60_000 }); // cart/<id>
 *     t.spawnable('worker', workerProps);                                               // remote.SpawnNamed from Go
 *     t.kind('board', replicatedProps({ registry: t.documents!, create: (state) => new Board(state) })); // state in a Yjs document
 *   }
 */
import type { DocumentRegistry } from '../../crdt/index.js';
import type { ActorSystem, KindOptions, PID, Props } from '../actors/index.js';
import type { NameRegistry } from '../registry/index.js';
import type { TenantSpace } from './tenant-spaces.js';

export interface TenantSetup {
  readonly tenant: string;
  /** The tenant's actor system (its root context spawns, sends, requests). */
  readonly system: ActorSystem;
  readonly names: NameRegistry;
  /**
   * The tenant's replicated documents — what `replicatedProps({ registry: t.documents, … })` and
   * `ReplicatedState.open(t.documents, …)` take; undefined when the gateway runs without documents.
   */
  readonly documents: DocumentRegistry | undefined;
  /** A named actor at `PID{gateway, name}`. */
  actor(name: string, props: Props): PID;
  /** A virtual-actor kind: the first message to `<kind>/<identity>` activates one. */
  kind(kind: string, props: Props, options?: KindOptions): void;
  /** A kind Proto.Actor peers may spawn remotely (`remote.ActorPidRequest` to `activator`). */
  spawnable(kind: string, props: Props): void;
}

export function tenantSetup(space: TenantSpace): TenantSetup {
  return {
    tenant: space.tenant,
    system: space.system,
    names: space.names,
    documents: space.documents,
    actor: (name, props) => space.system.root.spawnNamed(props, name),
    kind: (kind, props, options) => space.system.kinds.register(kind, props, options),
    spawnable: (kind, props) => { space.spawnable.set(kind, props); },
  };
}
