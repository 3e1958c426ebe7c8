/**
 * Well-known actor ids and id forms of the Rosetta address space, shared by the
 * gateway, the TS client and (as constants in their own code) every adapter —
 * never a string typed twice. See PROTOCOL.md §1a and "The envelope model".
 *
 * @example
 *   relayId('127.0.0.1:8091', 'orders')      // '$relay/127.0.0.1:8091/orders'
 *   parseRelayId('$relay/127.0.0.1:8091/orders') // { address: '127.0.0.1:8091', id: 'orders' }
 *   clientOwnerId('jvm-1')                   // '$client/jvm-1': its actors are '$client/jvm-1/<id>'
 */

/** The name registry service actor of a tenant (rosetta.v1 RegisterName / LookupName / UnregisterName). */
export const REGISTRY_ID = '$registry';
/** The replicated-state service actor of a tenant (rosetta.v1 CrdtGet / CrdtUpdate / CrdtSubscribe / CrdtUnsubscribe). */
export const CRDT_ID = '$crdt';
/** Proto.Actor's remote-spawn service actor (remote.ActorPidRequest). */
export const ACTIVATOR_ID = 'activator';
/** Ids of actors hosted by a gRPC client connection: `$client/<member id>/<local id>` (protoactor-dotnet's form). */
export const CLIENT_ID_PREFIX = '$client/';
/** Targets a gRPC peer uses for an actor at another address: `$relay/<address>/<id>`. */
export const RELAY_ID_PREFIX = '$relay/';
/** Ids of actors hosted by a WebSocket session: `ws$<session>/<name>`. */
export const WS_SESSION_PREFIX = 'ws$';

/** What a client connection's member id may be (it becomes part of ids). */
export const MEMBER_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** The owner id of a client connection; its actors are this followed by `/<local id>`. */
export function clientOwnerId(memberId: string): string {
  return CLIENT_ID_PREFIX + memberId;
}

/** The target id a gRPC peer uses to reach `PID{address, id}` through the gateway. */
export function relayId(address: string, id: string): string {
  return `${RELAY_ID_PREFIX}${address}/${id}`;
}

/** Splits a `$relay/<address>/<id>` id; undefined when `id` is not one or is incomplete. */
export function parseRelayId(id: string): { address: string; id: string } | undefined {
  if (!id.startsWith(RELAY_ID_PREFIX)) return undefined;
  const slash = id.indexOf('/', RELAY_ID_PREFIX.length);
  if (slash <= RELAY_ID_PREFIX.length || slash === id.length - 1) return undefined;
  return { address: id.slice(RELAY_ID_PREFIX.length, slash), id: id.slice(slash + 1) };
}

/**
 * The owner part of a session-hosted id — `ws$<session>` of `ws$<session>/<name>`,
 * `$client/<member>` of `$client/<member>/<id>` — or undefined for any other id.
 */
export function sessionOwnerOf(id: string): string | undefined {
  if (id.startsWith(WS_SESSION_PREFIX)) {
    const slash = id.indexOf('/');
    return slash > WS_SESSION_PREFIX.length ? id.slice(0, slash) : id;
  }
  if (id.startsWith(CLIENT_ID_PREFIX)) {
    const slash = id.indexOf('/', CLIENT_ID_PREFIX.length);
    return slash < 0 ? id : id.slice(0, slash);
  }
  return undefined;
}
