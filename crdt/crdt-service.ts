/**
 * `$crdt`: one tenant's documents for actors without a Yjs replica (Go, JVM,
 * or TS code that prefers messages), modelled on Akka Distributed Data. It
 * answers rosetta.v1 CrdtGet / CrdtUpdate / CrdtSubscribe / CrdtUnsubscribe
 * (protocol/proto/crdt.proto) and sends CrdtChanged to subscribers on every
 * change, whoever made it (browsers, TS actors, other Go actors). Replies use
 * the serializer the request came in.
 *
 * Who may do what: a request the gateway's edge admitted arrives as a
 * CrdtRequest carrying the peer's document permissions; anything else comes from
 * code inside the gateway and has full access.
 *
 * Consistency: LOCAL only (an Update is answered once durable on this gateway);
 * MAJORITY/ALL are refused FAILED_PRECONDITION `consistency-unavailable`.
 *
 * @example
 *   system.root.spawnNamed(new CrdtService(registry).props(), CRDT_ID);
 */
import * as Y from 'yjs';
import { PID, Props, Terminated, pidKey, type Context } from '../gateway/actors/index.js';
import { TypedMessage } from '../gateway/serialization/typed-message.js';
import { TypeName, InvalidArgumentError, type RosettaError } from '../protocol/index.js';
import { authorize, fullAccess, type CrdtPrincipal } from './authorization.js';
import { CrdtRequest } from './crdt-request.js';
import type { DocumentRegistry } from './document-registry.js';
import { ConsistencyUnavailableError, isCrdtRefusal } from './errors.js';
import { KvStore } from './kv-store.js';
import type { Broadcast, DocumentPeer, LiveDocument } from './live-document.js';
import { entryFromProto, entryToProto, type ProtoEntry } from './proto-values.js';
import { changedKeys } from './replicated-state.js';

export const CrdtStructure = { Map: 0, Kv: 1 } as const;
export const CrdtConsistency = { Local: 0, Majority: 1, All: 2 } as const;

type Msg = Record<string, any>;

const errorObject = (err: RosettaError & { reason?: string }) => ({ code: err.status, message: err.message, details: {}, reason: err.reason ?? '' });

/** One subscriber of one document. */
interface Subscription {
  subscriber: PID;
  name: string;
  structure: number;
  includeUpdate: boolean;
  seq: number;
  serializerId: number;
}

/** What the service holds per document while it has subscribers: one peer for all of them. */
class DocumentWatch implements DocumentPeer {
  readonly subs = new Map<string, Subscription>();
  constructor(readonly live: LiveDocument, private readonly service: CrdtService) {}
  deliver(b: Broadcast, _origin: unknown, kind: 'update' | 'awareness'): void {
    if (kind === 'update' && b.update) this.service.changed(this, b);
  }
  documentClosed(): void {
    this.service.dropWatch(this);
  }
}

export class CrdtService {
  private readonly watches = new Map<string, DocumentWatch>();
  private readonly kvs = new WeakMap<Y.Doc, Map<string, KvStore>>();
  /** KV keys changed per transaction (observed before Yjs garbage-collects deleted entries). */
  private readonly kvChanged = new WeakMap<Y.Transaction, Map<string, string[]>>();
  private send: ((pid: PID, m: unknown) => void) | undefined;

  constructor(readonly registry: DocumentRegistry) {}

  /** The `$crdt` actor. */
  props(): Props {
    return Props.fromFunc((ctx) => this.receive(ctx));
  }

  private receive(ctx: Context): void | Promise<void> {
    this.send ??= (pid, m) => ctx.system.root.send(pid, m);
    const admitted = ctx.message instanceof CrdtRequest ? ctx.message : undefined;
    const m = admitted ? admitted.message : ctx.message;
    if (m instanceof Terminated) { this.unsubscribeAll(m.who); return; }
    if (!(m instanceof TypedMessage)) return;
    const v = m.value as Msg;
    const principal = admitted?.principal ?? fullAccess;
    switch (m.typeName) {
      case TypeName.CrdtGet: return this.get(ctx, v, principal, m.serializerId);
      case TypeName.CrdtUpdate: return this.update(ctx, v, principal, m.serializerId);
      case TypeName.CrdtSubscribe: return this.subscribe(ctx, v, principal, m.serializerId);
      case TypeName.CrdtUnsubscribe: {
        const who = pidOf(v['subscriber']) ?? ctx.sender;
        const removed = who ? this.unsubscribe(String(v['document'] ?? ''), who) : false;
        ctx.respond(new TypedMessage(TypeName.CrdtUnsubscribeResponse, { document: v['document'] ?? '', removed }, m.serializerId));
        return;
      }
    }
  }

  private kv(doc: Y.Doc, name: string): KvStore {
    let byName = this.kvs.get(doc);
    if (!byName) { byName = new Map(); this.kvs.set(doc, byName); }
    let kv = byName.get(name);
    if (!kv) {
      kv = KvStore.of(doc, name);
      kv.observe((changes, tr) => {
        let m = this.kvChanged.get(tr);
        if (!m) { m = new Map(); this.kvChanged.set(tr, m); }
        m.set(name, [...(m.get(name) ?? []), ...changes.keys()]);
      });
      byName.set(name, kv);
    }
    return kv;
  }

  private entries(live: LiveDocument, name: string, structure: number, keys: readonly string[]): ProtoEntry[] {
    const out: ProtoEntry[] = [];
    if (structure === CrdtStructure.Kv) {
      const kv = this.kv(live.doc, name);
      for (const [k, val] of keys.length ? keys.filter((k) => kv.has(k)).map((k) => [k, kv.get(k)] as const) : kv.entries()) out.push(entryToProto(k, val));
    } else {
      const map = live.doc.getMap(name);
      for (const [k, val] of keys.length ? keys.filter((k) => map.has(k)).map((k) => [k, map.get(k)] as const) : map.entries()) out.push(entryToProto(k, toPlain(val)));
    }
    return out;
  }

  private async get(ctx: Context, v: Msg, principal: CrdtPrincipal, ser: number): Promise<void> {
    const document = String(v['document'] ?? ''), name = String(v['name'] ?? '');
    const reply = (o: Msg) => ctx.respond(new TypedMessage(TypeName.CrdtGetResponse, { document, name, consistency: 0, ...o }, ser));
    try {
      checkConsistency(v['consistency']);
      authorize(principal, document, 'read');
      const live = await this.registry.open(document);
      try {
        const entries = name ? this.entries(live, name, Number(v['structure'] ?? 0), (v['keys'] ?? []) as string[]) : [];
        const state = v['include_state'] || v['includeState'] ? Y.encodeStateAsUpdate(live.doc) : new Uint8Array(0);
        const found = name ? entries.length > 0 : Y.encodeStateVector(live.doc).length > 1;
        reply({ found, entries, state });
      } finally {
        this.registry.release(live);
      }
    } catch (err) {
      reply({ found: false, entries: [], error: errorObject(asRefusal(err)) });
    }
  }

  private async update(ctx: Context, v: Msg, principal: CrdtPrincipal, ser: number): Promise<void> {
    const document = String(v['document'] ?? ''), name = String(v['name'] ?? '');
    const requestId = v['request_id'] ?? v['requestId'] ?? 0;
    const sender = ctx.sender;
    const reply = (o: Msg) => { if (sender) this.send!(sender, new TypedMessage(TypeName.CrdtUpdateResponse, { document, request_id: requestId, consistency: 0, ...o }, ser)); };
    let live: LiveDocument;
    try {
      checkConsistency(v['consistency']);
      authorize(principal, document, 'write');
      live = await this.registry.open(document);
    } catch (err) {
      reply({ success: false, error: errorObject(asRefusal(err)) });
      return;
    }
    try {
      const durable: Promise<void>[] = [];
      const raw = v['update'] as Uint8Array | undefined;
      if (raw && raw.length > 0) durable.push(live.applyRemote(raw, this));
      const sets = ((v['set'] ?? []) as ProtoEntry[]).map(entryFromProto);
      const deletes = (v['delete'] ?? []) as string[];
      if (sets.length || deletes.length) {
        if (!name) throw new InvalidArgumentError('set/delete need the name of a map or KV');
        const structure = Number(v['structure'] ?? 0);
        durable.push(live.transact(() => {
          if (structure === CrdtStructure.Kv) {
            const kv = this.kv(live.doc, name);
            for (const [k, val] of sets) kv.set(k, val);
            for (const k of deletes) kv.delete(String(k));
          } else {
            const map = live.doc.getMap(name);
            for (const [k, val] of sets) map.set(k, val);
            for (const k of deletes) map.delete(String(k));
          }
        }, this));
      }
      // Applied now (in message order); answered once durable, without holding the mailbox.
      Promise.all(durable).then(() => reply({ success: true }), (err) => reply({ success: false, error: errorObject(asRefusal(err)) }))
        .finally(() => this.registry.release(live));
    } catch (err) {
      this.registry.release(live);
      reply({ success: false, error: errorObject(asRefusal(err)) });
    }
  }

  private async subscribe(ctx: Context, v: Msg, principal: CrdtPrincipal, ser: number): Promise<void> {
    const document = String(v['document'] ?? '');
    const subscriber = pidOf(v['subscriber']) ?? ctx.sender;
    const reply = (o: Msg) => ctx.respond(new TypedMessage(TypeName.CrdtSubscribeResponse, { document, ...o }, ser));
    try {
      if (!subscriber) throw new InvalidArgumentError('CrdtSubscribe needs a subscriber or a sender');
      authorize(principal, document, 'read');
      let watch = this.watches.get(document);
      if (!watch || watch.live.closed) {
        const live = await this.registry.open(document);
        watch = this.watches.get(document);
        if (watch && !watch.live.closed) this.registry.release(live);
        else { watch = new DocumentWatch(live, this); live.peers.add(watch); this.watches.set(document, watch); }
      }
      const name = String(v['name'] ?? '');
      const structure = Number(v['structure'] ?? 0);
      if (name && structure === CrdtStructure.Kv) this.kv(watch.live.doc, name);
      watch.subs.set(pidKey(subscriber), { subscriber, name, structure, includeUpdate: Boolean(v['include_update'] ?? v['includeUpdate']), seq: 0, serializerId: ser });
      ctx.watch(subscriber);
      reply({ success: true });
    } catch (err) {
      reply({ success: false, error: errorObject(asRefusal(err)) });
    }
  }

  /** @internal a change of a watched document: one CrdtChanged per interested subscriber. */
  changed(watch: DocumentWatch, b: Broadcast): void {
    const keys = b.transaction ? changedKeys(watch.live.doc, b.transaction) : new Map<string, Set<string>>();
    for (const s of watch.subs.values()) {
      let entries: ProtoEntry[] = [], removed: string[] = [];
      if (s.name) {
        if (!keys.has(s.name)) continue;
        const changed = s.structure === CrdtStructure.Kv ? this.kvKeysChanged(s.name, b) : [...keys.get(s.name)!];
        entries = this.entries(watch.live, s.name, s.structure, changed);
        const present = new Set(entries.map((e) => e.key));
        removed = changed.filter((k) => !present.has(k));
      }
      s.seq++;
      this.send?.(s.subscriber, new TypedMessage(TypeName.CrdtChanged, {
        document: watch.live.name, name: s.name, entries, removed, update: s.includeUpdate ? b.update : new Uint8Array(0), seq: s.seq,
      }, s.serializerId));
    }
  }

  /** Keys of a KV touched by the change, as its KvStore observed them during the transaction. */
  private kvKeysChanged(name: string, b: Broadcast): string[] {
    return (b.transaction && this.kvChanged.get(b.transaction)?.get(name)) || [];
  }

  /** @internal the document went away: its subscribers hear nothing more until they subscribe again. */
  dropWatch(watch: DocumentWatch): void {
    if (this.watches.get(watch.live.name) === watch) this.watches.delete(watch.live.name);
  }

  private unsubscribe(document: string, who: PID): boolean {
    const watch = this.watches.get(document);
    if (!watch || !watch.subs.delete(pidKey(who))) return false;
    if (watch.subs.size === 0) {
      this.watches.delete(document);
      watch.live.peers.delete(watch);
      this.registry.release(watch.live);
    }
    return true;
  }

  private unsubscribeAll(who: PID): void {
    for (const name of [...this.watches.keys()]) this.unsubscribe(name, who);
  }
}

function checkConsistency(c: unknown): void {
  const level = Number(c ?? 0);
  if (level !== 0) throw new ConsistencyUnavailableError('one gateway can give LOCAL consistency only (acknowledged once durable on its disk)');
}

function asRefusal(err: unknown): RosettaError & { reason?: string } {
  if (isCrdtRefusal(err) || (err instanceof Error && typeof (err as RosettaError).status === 'number')) return err as RosettaError;
  return new InvalidArgumentError(String((err as Error)?.message ?? err), { cause: err });
}

function pidOf(o: any): PID | undefined {
  const id = o?.Id ?? o?.id;
  return id ? new PID(o.Address ?? o.address ?? '', id, 0) : undefined;
}

function toPlain(v: unknown): unknown {
  return v instanceof Y.AbstractType ? v.toJSON() : v;
}
