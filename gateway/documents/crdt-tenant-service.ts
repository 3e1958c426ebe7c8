/**
 * `$crdt` as a tenant service: the edge admits each message a peer sends it by
 * checking the PIDs it names — the subscriber of a CrdtSubscribe or
 * CrdtUnsubscribe must be one the peer may speak for (its own session's actors,
 * or actors at the address its node declared), so nobody can point another actor's
 * mailbox at a document's change feed — and hands `$crdt` a CrdtRequest carrying
 * the token's document permissions.
 */
import { CRDT_ID, InvalidArgumentError, TypeName } from '../../protocol/index.js';
import { CrdtRequest } from '../../crdt/index.js';
import type { Origin, TenantService } from '../edge/tenant-service.js';
import { TypedMessage } from '../serialization/typed-message.js';
import { crdtAccessOf } from './crdt-access.js';

const NAMES_A_SUBSCRIBER = new Set<string>([TypeName.CrdtSubscribe, TypeName.CrdtUnsubscribe]);

export function crdtTenantService(): TenantService {
  return { id: CRDT_ID, admit: admitCrdtMessage };
}

function admitCrdtMessage(message: unknown, origin: Origin): unknown {
  if (!(message instanceof TypedMessage)) return message;
  if (NAMES_A_SUBSCRIBER.has(message.typeName)) {
    const value = message.value as Record<string, any>;
    const claimed = value['subscriber'];
    const id = claimed?.Id ?? claimed?.id;
    if (id) {
      const pid = { address: String(claimed.Address ?? claimed.address ?? ''), id: String(id), requestId: 0 };
      if (!origin.identity.speaksFor(pid)) {
        throw new InvalidArgumentError(`subscriber ${pid.address}/${pid.id} is not one this connection may speak for`, { reason: 'foreign-sender' });
      }
      const own = origin.identity.own(pid);
      message = new TypedMessage(message.typeName, { ...value, subscriber: { Address: own.address, Id: own.id } }, message.serializerId);
    }
  }
  return new CrdtRequest(message, crdtAccessOf(origin.principal));
}
