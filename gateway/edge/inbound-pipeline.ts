/**
 * The one inbound path of every transport: envelopes a peer sent, already framed
 * and decoded by its transport, go through
 *
 *   tenant rate → sender check → target → payload → claims in system messages
 *   → send permission → service admission → route
 *
 * in that order, for WebSocket sessions, gRPC client connections and Proto.Actor
 * nodes alike. Each refusal is counted, logged (rate-limited) and answered the way
 * the connection's transport chose (`EdgeConnection.refuse`); nothing refused
 * reaches an actor.
 */
import {
  InvalidArgumentError, PermissionDeniedError, RELAY_ID_PREFIX, ResourceExhaustedError, RosettaError, parseRelayId, type WireEnvelope, type WirePid,
} from '../../protocol/index.js';
import { MessageEnvelope, PID, Stop, Terminated, Unwatch, Watch, type ActorSystem } from '../actors/index.js';
import { permits } from '../auth/index.js';
import type { MessageSerialization } from '../serialization/message-serialization.js';
import type { TenantQuota } from '../tenancy/index.js';
import type { PeerIdentity } from './peer-identity.js';
import type { RateLimitedLog } from '../log/rate-limited-log.js';
import type { EdgeMetrics } from './edge-metrics.js';
import type { Origin, TenantService } from './tenant-service.js';

/** What the pipeline needs of a tenant space. */
export interface EdgeSpace {
  readonly tenant: string;
  readonly system: ActorSystem;
  readonly serialization: MessageSerialization;
  readonly quota: TenantQuota | undefined;
  /** Tenant services by actor id. */
  readonly services: ReadonlyMap<string, TenantService>;
  /** What this edge reports for the tenant on its transport. */
  readonly metrics: EdgeMetrics;
}

/** One authenticated connection as the pipeline sees it. */
export interface EdgeConnection extends Origin {
  readonly space: EdgeSpace;
  /**
   * WebSocket targets are full PIDs (another address is another node); gRPC targets are
   * this gateway's ids, and other nodes are reached through `$relay/<address>/<id>`.
   */
  readonly targetsCarryAddress: boolean;
  /**
   * Answers a refused envelope the way this transport's peers understand: `envelope` is
   * undefined for a summary of several, `sender` is set only when the sender was valid.
   */
  refuse(error: RosettaError, envelope: WireEnvelope | undefined, sender: PID | undefined): void;
  /** The peer stopped one of the actors it hosts (sessions): their watchers are told. */
  ownActorStopped?(id: string): void;
}

export function deliverInbound(envelopes: readonly WireEnvelope[], conn: EdgeConnection, log: RateLimitedLog): void {
  const quota = conn.space.quota;
  const metrics = conn.space.metrics;
  metrics.received.add(envelopes.length);
  const admitted = quota ? quota.admitEnvelopes(envelopes.length) : envelopes.length;
  for (let i = 0; i < admitted; i++) {
    const e = envelopes[i]!;
    const refusal = deliverOne(e, conn);
    if (refusal === undefined) continue;
    metrics.refused(refusal.error.reason).add();
    log.warn('envelope refused', {
      tenant: conn.space.tenant, subject: conn.principal?.subject, peer: conn.identity.owner, target: e.target.id,
      code: refusal.error.code, reason: refusal.error.reason,
    }, `refused:${conn.space.tenant}:${refusal.error.reason}`);
    conn.refuse(refusal.error, e, refusal.sender);
  }
  if (admitted < envelopes.length) refuseOverRate(envelopes, admitted, conn, quota!, log);
}

interface Refusal {
  error: RosettaError;
  sender: PID | undefined;
}

function deliverOne(e: WireEnvelope, conn: EdgeConnection): Refusal | undefined {
  const { identity, space } = conn;
  let sender: PID | undefined;
  if (e.sender) {
    if (!identity.speaksFor(e.sender)) return { error: foreignPid('sender', e.sender, identity), sender: undefined };
    sender = identity.own(e.sender);
  }
  const target = resolveTarget(e.target, conn);
  if (target instanceof RosettaError) return { error: target, sender };
  let message: unknown;
  try {
    message = space.serialization.fromWire(e.typeName, e.serializerId, e.payload);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { error: new InvalidArgumentError(detail, { reason: 'bad-payload', cause: err }), sender };
  }
  // PIDs named inside system messages are claims too: a peer watches as, and reports the end of, its own actors only.
  if (message instanceof Watch || message instanceof Unwatch) {
    if (!identity.speaksFor(message.watcher)) return { error: foreignPid('watcher', message.watcher, identity), sender };
    const watcher = identity.own({ address: message.watcher.address, id: message.watcher.id, requestId: 0 });
    message = message instanceof Watch ? new Watch(watcher) : new Unwatch(watcher);
  } else if (message instanceof Terminated && !identity.speaksFor(message.who)) {
    return { error: foreignPid('terminated actor', message.who, identity), sender };
  }
  const targetId = target.id;
  if (conn.principal && !permits(conn.principal.permissions, 'send', targetId)) {
    return { error: new PermissionDeniedError(`not allowed to send to ${targetId}`, { reason: 'send-not-allowed' }), sender };
  }
  const local = target.address === space.system.address;
  if (local) {
    const service = space.services.get(targetId);
    if (service !== undefined) {
      try {
        message = service.admit(message, conn);
      } catch (err) {
        if (err instanceof RosettaError) return { error: err, sender };
        throw err;
      }
    }
  }
  route(target, message, sender, e, conn, local);
  return undefined;
}

function route(target: PID, message: unknown, sender: PID | undefined, e: WireEnvelope, conn: EdgeConnection, local: boolean): void {
  const { system } = conn.space;
  if (message instanceof Stop && local && conn.ownActorStopped && conn.identity.speaksFor(target)) {
    conn.ownActorStopped(target.id); // the peer stopped one of its own actors
  } else if (message instanceof Watch || message instanceof Unwatch || message instanceof Stop || message instanceof Terminated) {
    system.registry.resolve(target).sendSystemMessage(target, message);
  } else {
    system.sendUser(target, e.headers && Object.keys(e.headers).length > 0 ? new MessageEnvelope(message, e.headers) : message, sender);
  }
}

/** The PID an envelope is for: a gateway id, `$relay/<address>/<id>`, or (WebSocket) a full PID at another node. */
function resolveTarget(t: WirePid, conn: EdgeConnection): PID | RosettaError {
  const here = conn.space.system.address;
  const relay = parseRelayId(t.id);
  if (relay !== undefined) {
    if (parseRelayId(relay.id) !== undefined) return new InvalidArgumentError(`nested relay target '${t.id}'`, { reason: 'bad-target' });
    return new PID(relay.address, relay.id, t.requestId);
  }
  if (t.id.startsWith(RELAY_ID_PREFIX)) return new InvalidArgumentError(`incomplete relay target '${t.id}': use $relay/<address>/<id>`, { reason: 'bad-target' });
  const address = conn.targetsCarryAddress && t.address !== '' ? t.address : here;
  return new PID(address, t.id, t.requestId);
}

function foreignPid(role: string, pid: { address: string; id: string }, identity: PeerIdentity): InvalidArgumentError {
  const whose = identity.kind === 'node' ? `an actor at ${identity.owner.slice('node:'.length)}` : `under ${identity.owner}/`;
  return new InvalidArgumentError(`${role} ${pid.address}/${pid.id} is not one this connection may speak for (${whose})`, { reason: 'foreign-sender' });
}

/**
 * Past the tenant's rate nothing is delivered: each request is answered, plain sends are reported once.
 * A request is any envelope naming a sender the connection speaks for — with a request id (a
 * WebSocket client's) or without (a Proto.Actor future's own PID, a JVM ask's `ask$<n>`).
 */
function refuseOverRate(envelopes: readonly WireEnvelope[], from: number, conn: EdgeConnection, quota: TenantQuota, log: RateLimitedLog): void {
  const message = quota.exhaustedMessage('envelopes');
  conn.space.metrics.refused('over-rate').add(envelopes.length - from);
  let unanswered = 0;
  for (let i = from; i < envelopes.length; i++) {
    const e = envelopes[i]!;
    const sender = e.sender && conn.identity.speaksFor(e.sender) ? conn.identity.own(e.sender) : undefined;
    if (sender !== undefined) conn.refuse(new ResourceExhaustedError(message, { reason: 'over-rate' }), e, sender);
    else unanswered++;
  }
  if (unanswered > 0) conn.refuse(new ResourceExhaustedError(`${message}: ${unanswered} envelopes refused`, { reason: 'over-rate' }), undefined, undefined);
  log.warn('envelopes over quota', { tenant: quota.tenant, refusedSinceStart: quota.refused.envelopes }, `over-rate:${quota.tenant}`);
}
