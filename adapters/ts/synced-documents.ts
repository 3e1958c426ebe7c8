/**
 * Replicated documents over a RosettaClient's session: many Y.Docs on the one
 * WebSocket the client already has (crdt/PROTOCOL.md §2), each synced with the
 * gateway's document of the same name in the token's tenant, within its
 * `crdtRead` / `crdtWrite` permissions. Import from `rosetta/client/documents`
 * (it needs `yjs`; the core client does not).
 *
 * @example
 *   import * as Y from 'yjs';
 *   import { RosettaClient } from 'rosetta/client';
 *   import { SyncedDocuments } from 'rosetta/client/documents';
 *   const client = await RosettaClient.connect({ url: 'ws://127.0.0.1:8080', token });
 *   const docs = new SyncedDocuments(client);
 *   const notes = docs.open('notes/1');            // a new Y.Doc, or pass your own
 *   await notes.synced;                            // holds the gateway's state
 *   notes.doc.getMap('m').set('title', 'hello');   // sent to the gateway and every other replica
 *   await notes.flushed();                         // durable at the gateway
 *   notes.onRefused((e) => console.warn(e.reason)); // e.g. 'read-only'
 */
import * as Y from 'yjs';
import { InvalidArgumentError } from '../../protocol/index.js';
import { decodeMuxFrame } from '../../protocol/documents/index.js';
import type { RosettaClient } from './client.js';
import { SyncedDocument } from './synced-document.js';

export class SyncedDocuments {
  private readonly open_ = new Map<string, SyncedDocument>();
  private readonly unlisten: () => void;

  constructor(private readonly client: RosettaClient) {
    this.unlisten = client.documentFrames({
      frame: (bytes) => this.onFrame(bytes),
      reopened: () => { for (const d of this.open_.values()) d.reopened(); },
      closed: () => { for (const d of [...this.open_.values()]) d.clientClosed(); },
    });
  }

  /** Starts syncing `doc` (default: a new Y.Doc) with the gateway's document `name`. One binding per name. */
  open(name: string, doc: Y.Doc = new Y.Doc()): SyncedDocument {
    if (this.open_.has(name)) throw new InvalidArgumentError(`document '${name}' is already open on this client`, { reason: 'already-open' });
    const d = new SyncedDocument(name, doc, (frame) => this.client.sendDocumentFrame(frame), () => { if (this.open_.get(name) === d) this.open_.delete(name); });
    this.open_.set(name, d);
    return d;
  }

  /** The open binding of `name`. */
  get(name: string): SyncedDocument | undefined {
    return this.open_.get(name);
  }

  /** Closes every document and stops listening. */
  close(): void {
    for (const d of [...this.open_.values()]) d.close();
    this.unlisten();
  }

  private onFrame(bytes: Uint8Array): void {
    let frame;
    try { frame = decodeMuxFrame(bytes); } catch { return; }
    this.open_.get(frame.document)?.receive(frame);
  }
}
