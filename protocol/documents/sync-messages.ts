/**
 * y-protocols 1.0.x messages, as a stock y-websocket peer sends and expects
 * them (update format v1). Every message is `varUint(type) body`:
 *
 *   0 sync       varUint(sub) varUint8Array(payload)
 *                  sub 0 step 1: payload = encoded state vector
 *                  sub 1 step 2: payload = update (what the receiver lacks)
 *                  sub 2 update: payload = update
 *   1 awareness  varUint8Array(awareness update)
 *   2 auth       varUint(0 = permission denied) varString(reason)
 *   3 query awareness (no body)
 *
 * Encoders here build bytes once so a broadcast can send the same buffer to
 * every peer; `readMessage` parses without applying anything.
 *
 * @example
 *   send(encodeSyncUpdate(update));
 *   const m = readMessage(bytes); if (m.kind === 'update') …
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MalformedSyncMessageError as MalformedMessageError } from './malformed.js';

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;
export const AuthType = { PermissionDenied: 0 } as const;

export type SyncMessage =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' }
  | { kind: 'auth'; denied: boolean; reason: string };

/** Parses one message; throws MalformedMessageError for unknown types or truncated bytes. */
export function readMessage(bytes: Uint8Array): SyncMessage {
  try {
    const d = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(d);
    switch (type) {
      case MessageType.Sync: {
        const sub = decoding.readVarUint(d);
        const payload = decoding.readVarUint8Array(d);
        if (sub === SyncType.Step1) return { kind: 'step1', stateVector: payload };
        if (sub === SyncType.Step2) return { kind: 'step2', update: payload };
        if (sub === SyncType.Update) return { kind: 'update', update: payload };
        throw new MalformedMessageError(`unknown sync message type ${sub}`);
      }
      case MessageType.Awareness:
        return { kind: 'awareness', update: decoding.readVarUint8Array(d) };
      case MessageType.QueryAwareness:
        return { kind: 'query-awareness' };
      case MessageType.Auth: {
        const sub = decoding.readVarUint(d);
        return { kind: 'auth', denied: sub === AuthType.PermissionDenied, reason: decoding.hasContent(d) ? decoding.readVarString(d) : '' };
      }
      default:
        throw new MalformedMessageError(`unknown message type ${type}`);
    }
  } catch (err) {
    if (err instanceof MalformedMessageError) throw err;
    throw new MalformedMessageError('truncated or malformed y-protocols message', { cause: err });
  }
}

function syncMessage(sub: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Sync);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => syncMessage(SyncType.Step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => syncMessage(SyncType.Step2, update);
export const encodeSyncUpdate = (update: Uint8Array): Uint8Array => syncMessage(SyncType.Update, update);

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Awareness);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export function encodeQueryAwareness(): Uint8Array {
  return Uint8Array.of(MessageType.QueryAwareness);
}

/** y-protocols' auth message: a stock y-websocket client logs "Permission denied … <reason>". */
export function encodePermissionDenied(reason: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Auth);
  encoding.writeVarUint(e, AuthType.PermissionDenied);
  encoding.writeVarString(e, reason);
  return encoding.toUint8Array(e);
}
