/**
 * A client replica for tests: a Y.Doc speaking y-protocols through the reference
 * implementation (y-protocols/sync), so the server side is checked against the
 * library stock clients use. Outgoing messages go to `send`; remote changes are
 * not echoed.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export const SERVER = Symbol('server');

export class SimClient {
  readonly doc: Y.Doc;
  send: ((bytes: Uint8Array) => void) | undefined;
  permissionDenied: string[] = [];

  constructor(clientID: number) {
    this.doc = new Y.Doc();
    this.doc.clientID = clientID;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === SERVER || !this.send) return;
      this.send(updateMessage(update));
    });
  }

  /** Starts a sync handshake from the client side (its step 1). */
  hello(): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0); // messageSync, as y-websocket writes it before the sync sub-message
    syncProtocol.writeSyncStep1(e, this.doc);
    this.send?.(encoding.toUint8Array(e));
  }

  /** Handles one server message as y-websocket does. */
  receive(bytes: Uint8Array): void {
    const d = decoding.createDecoder(bytes);
    const e = encoding.createEncoder();
    const type = decoding.readVarUint(d);
    if (type === 0) {
      encoding.writeVarUint(e, 0);
      syncProtocol.readSyncMessage(d, e, this.doc, SERVER);
      if (encoding.length(e) > 1) this.send?.(encoding.toUint8Array(e));
    } else if (type === 2) {
      decoding.readVarUint(d);
      this.permissionDenied.push(decoding.readVarString(d));
    }
  }

  snapshot(): unknown {
    return {
      map: this.doc.getMap('map').toJSON(),
      array: this.doc.getArray('array').toJSON(),
      text: this.doc.getText('text').toString(),
      kv: this.doc.getArray('kv').toJSON().map((e: any) => `${e.key}=${e.val}`).sort(),
    };
  }
}

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Wraps bytes as a y-protocols sync update message. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}
