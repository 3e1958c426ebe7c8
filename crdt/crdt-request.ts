/**
 * A `$crdt` request as the gateway's edge admitted it: the peer's message and
 * what the peer's token allows on documents. Only the edge builds these (a peer
 * cannot send one), so `$crdt` trusts the principal it carries; a plain message
 * from code inside the gateway (a TS actor) is trusted with full access.
 *
 * @example
 *   service.admit = (message, origin) => new CrdtRequest(message, crdtAccessOf(origin.principal));
 */
import type { CrdtPrincipal } from './authorization.js';

export class CrdtRequest {
  constructor(readonly message: unknown, readonly principal: CrdtPrincipal) {}
}
