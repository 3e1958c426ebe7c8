/**
 * Who a connection may speak for. Every PID a peer claims — an envelope's sender,
 * the watcher of a Watch, the actor of a Terminated, the PID a name should point at —
 * is checked against its identity, the same way on every transport:
 *
 * - a **session** (a WebSocket client, a gRPC client connection) hosts the ids under
 *   its owner id (`ws$<session>/…`, `$client/<member>/…`) at the gateway's address;
 * - a **node** (a Proto.Actor server connection) hosts every id at the address it
 *   declared — and that address was bound to its token when the stream opened.
 *
 * Nobody speaks for a gateway-hosted actor: a peer cannot make a TS actor's reply
 * land in another TS actor by naming it as sender.
 */
import type { WirePid } from '../../protocol/index.js';
import { PID } from '../actors/index.js';

export interface PeerIdentity {
  readonly kind: 'session' | 'node';
  /** The connection's key in its tenant: what its names and watches are held under. */
  readonly owner: string;
  /** Whether the peer may claim `pid` (an empty address means "mine"). */
  speaksFor(pid: Pick<WirePid, 'address' | 'id'>): boolean;
  /** The claimed PID with its address filled in (call only when `speaksFor` holds). */
  own(pid: WirePid): PID;
}

/** A session hosting `<owner>/…` ids at the gateway's address (`gatewayAddress()` may change once, at start). */
export function sessionIdentity(owner: string, gatewayAddress: () => string): PeerIdentity {
  const prefix = owner + '/';
  return {
    kind: 'session',
    owner,
    speaksFor: (pid) => (pid.address === '' || pid.address === gatewayAddress()) && pid.id.length > prefix.length && pid.id.startsWith(prefix),
    own: (pid) => new PID(gatewayAddress(), pid.id, pid.requestId),
  };
}

/** A Proto.Actor node at `address` (the address its server connection declared). */
export function nodeIdentity(address: string): PeerIdentity {
  return {
    kind: 'node',
    owner: `node:${address}`,
    speaksFor: (pid) => (pid.address === '' || pid.address === address) && pid.id.length > 0,
    own: (pid) => new PID(address, pid.id, pid.requestId),
  };
}
