/**
 * Envelopes from a WebSocket client into its tenant's actor system. Each must name
 * one of the session's own PIDs as sender; it is decoded, checked against the
 * token's permissions and the tenant's rate, then delivered. Every refusal is a
 * typed error frame (answering the request it refused, when there is one);
 * nothing refused reaches an actor.
 */
import { StatusCode, type WireEnvelope } from '../../protocol/index.js';
import { MessageEnvelope, PID, Stop, Terminated, TerminatedReason, Unwatch, Watch } from '../actors/index.js';
import { denial, type Principal } from '../auth/index.js';
import type { Logger } from '../remote/log.js';
import type { TenantQuota } from '../tenancy/index.js';
import type { WsSession } from './ws-session.js';
import type { WsSpace } from './ws-space.js';

export interface InboundCounters {
  /** Envelopes refused by permission checks. */
  denied: number;
}

export function deliverFromClient(envelopes: WireEnvelope[], session: WsSession, space: WsSpace, principal: Principal | undefined, counters: InboundCounters, logger: Logger): void {
  const system = space.system;
  const admitted = space.quota ? space.quota.admitEnvelopes(envelopes.length) : envelopes.length;
  if (admitted < envelopes.length) refuseOverRate(envelopes, admitted, session, space.quota!);
  for (let i = 0; i < admitted; i++) {
    const e = envelopes[i]!;
    if (e.sender && !e.sender.id.startsWith(session.address + '/')) {
      session.error(StatusCode.INVALID_ARGUMENT, `sender ${e.sender.address}/${e.sender.id} is not one of this session's PIDs`);
      continue;
    }
    const sender = e.sender ? new PID(system.address, e.sender.id, e.sender.requestId) : undefined;
    const target = new PID(e.target.address || system.address, e.target.id, e.target.requestId);
    let message: unknown;
    try {
      message = space.serialization.fromWire(e.typeName, e.serializerId, e.payload);
    } catch (err) {
      session.error(StatusCode.INVALID_ARGUMENT, (err as Error).message, e.sender?.requestId ?? 0);
      continue;
    }
    const denied = denial(principal, e.target.id, message);
    if (denied) {
      counters.denied++;
      logger.warn('websocket envelope denied', { tenant: principal!.tenant, subject: principal!.subject, target: e.target.id });
      session.error(StatusCode.PERMISSION_DENIED, denied, e.sender?.requestId ?? 0);
      continue;
    }
    if (message instanceof Stop && e.target.id.startsWith(session.address + '/')) {
      session.actorStopped(e.target.id, TerminatedReason.Stopped); // the client stopped one of its own actors
    } else if (message instanceof Watch || message instanceof Unwatch || message instanceof Stop || message instanceof Terminated) {
      system.registry.resolve(target).sendSystemMessage(target, message);
    } else {
      system.sendUser(target, e.headers && Object.keys(e.headers).length > 0 ? new MessageEnvelope(message, e.headers) : message, sender);
    }
  }
}

/** Envelopes past the tenant's rate are not delivered: requests fail with RESOURCE_EXHAUSTED, sends are reported once per batch. */
function refuseOverRate(envelopes: WireEnvelope[], from: number, session: WsSession, quota: TenantQuota): void {
  const message = quota.exhaustedMessage('envelopes');
  let unanswered = 0;
  for (let i = from; i < envelopes.length; i++) {
    const ref = envelopes[i]!.sender?.requestId ?? 0;
    if (ref !== 0) session.error(StatusCode.RESOURCE_EXHAUSTED, message, ref);
    else unanswered++;
  }
  if (unanswered > 0) session.error(StatusCode.RESOURCE_EXHAUSTED, `${message}: ${unanswered} envelopes refused`);
}
