/** What a WebSocket session needs of its tenant: the actor system its ids resolve in, names, payload serialization, quota. */
import type { ActorSystem } from '../actors/index.js';
import type { NameRegistry } from '../registry/index.js';
import type { MessageSerialization } from '../remote/message-serialization.js';
import type { TenantQuota } from '../tenancy/index.js';

export interface WsSpace {
  /** The tenant whose space this is (DEFAULT_TENANT for a single-system gateway). */
  tenant: string;
  system: ActorSystem;
  names: NameRegistry | undefined;
  serialization: MessageSerialization;
  /** The tenant's quota (none for a single-system gateway). */
  quota: TenantQuota | undefined;
}
