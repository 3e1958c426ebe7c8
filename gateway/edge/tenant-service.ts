/**
 * A tenant service: a gateway actor of every tenant space (the name registry
 * today; CRDT documents and persistence next) with its own admission hook. The
 * edge pipeline calls `admit` for every message a peer sends to the service's id,
 * after the token's `send` permission: it checks what only the service understands
 * (may this peer register this name, for this PID?) and returns what the service
 * actor receives — typically a request object carrying the verified origin, which
 * a peer cannot forge because only the edge builds it.
 */
import type { Principal } from '../auth/index.js';
import type { PeerIdentity } from './peer-identity.js';

/** Who sent a message into the tenant, as the edge verified it. */
export interface Origin {
  /** Undefined when authentication is off. */
  readonly principal: Principal | undefined;
  readonly identity: PeerIdentity;
}

export interface TenantService {
  /** The service actor's id in the tenant (`$registry`, …). */
  readonly id: string;
  /** What the service actor receives for `message` from `origin`; throws a RosettaError to refuse it. */
  admit(message: unknown, origin: Origin): unknown;
}
