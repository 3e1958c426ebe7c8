/**
 * The connections of the reach property test, driven envelope by envelope so any
 * sender can be claimed: a WebSocket session (RawWsClient), a gRPC client
 * connection and a gRPC server connection that declared a node address (both
 * RawRemotingStream). Each writes raw envelopes, sends requests from its own PID and
 * reads their answers (an envelope or, on WebSocket, an error frame), records the
 * tagged envelopes delivered to the PIDs it hosts, and has a FIFO marker: a request
 * answered after everything it sent before went through the gateway's edge (for a
 * node, whose answers go to its address, an `inc` to a marker counter that an
 * auditor reads).
 */
import { decodePayload, encodePayload } from '../../adapters/ts/payloads.js';
import { statusName } from '../../protocol/errors.js';
import type { WireEnvelope } from '../../protocol/index.js';
import { RawRemotingStream } from './raw-remoting-stream.js';
import { RawWsClient } from './raw-ws-client.js';

export interface WirePidLike { address: string; id: string }
export type Observed = { ok: string } | { error: string; reason?: string };

export interface ReachActor {
  readonly kind: 'ws' | 'grpc' | 'node';
  /** `ws$<session>`, `$client/<member>` or `node:<address>`. */
  readonly owner: string;
  /** A PID it hosts: what it claims as its own sender and what others address it by. */
  readonly inbox: WirePidLike;
  write(envelopes: WireEnvelope[]): void;
  /** Sends from its own PID with a fresh request id; the id. */
  ask(e: Omit<WireEnvelope, 'sender'>): number;
  /** A fresh request id (for a send that claims one of its PIDs another way): answers to it are not strays. */
  rid(): number;
  /** The answer to request `rid`, waiting up to `ms` (undefined: none came). */
  answer(rid: number, ms: number): Promise<Observed | undefined>;
  /** Tags of the tagged envelopes delivered to the PIDs it hosts (not answers to its requests). */
  tags(): string[];
  /** Envelopes that are neither a tagged delivery, an answer to a request it made, nor a refusal notice to the connection itself. */
  stray(): string[];
  marker(): Promise<void>;
  close(): void;
}

/** The message every action sends: `inc` (counters count it), tagged so a delivery anywhere names its action. */
export function tagged(target: WirePidLike & { requestId?: number }, tag: string): Omit<WireEnvelope, 'sender'> {
  return { target: { address: target.address, id: target.id, requestId: 0 }, ...encodePayload('inc'), headers: { tag } };
}

function observe(e: WireEnvelope): Observed {
  const d = decodePayload(e.typeName, e.serializerId, e.payload);
  if (d.error) return { error: d.error.code, ...(d.error.reason ? { reason: d.error.reason } : {}) };
  if (typeof d.value === 'string') return { ok: d.value };
  const v = (d.value as { value?: { name?: string; removed?: boolean } }).value;
  if (e.typeName === 'rosetta.v1.UnregisterNameResponse') return { ok: `removed:${Boolean(v?.removed)}` };
  return { ok: String(v?.name ?? e.typeName) };
}

/** A tagged envelope for one of its PIDs (answers to its own requests carry their request id). */
const isDelivery = (e: WireEnvelope): boolean => e.target.requestId === 0 && e.headers?.['tag'] !== undefined;

function strays(envelopes: WireEnvelope[], owner: string, asked: number): string[] {
  return envelopes
    .filter((e) => !isDelivery(e) && !(e.target.requestId > 0 && e.target.requestId <= asked) && !(e.typeName === 'rosetta.v1.Error' && e.target.id === owner))
    .map((e) => `${e.typeName} to ${e.target.id}#${e.target.requestId} from ${e.sender ? `${e.sender.address}/${e.sender.id}` : 'nobody'}`);
}

export async function openWsActor(url: string, token: string): Promise<ReachActor> {
  const c = new RawWsClient(url, token);
  const session = await Promise.race([c.welcomed, c.closed.then((x) => { throw new Error(`websocket closed before welcome: ${x.code} ${x.reason}`); })]);
  let rid = 0;
  const inbox = { address: '', id: `${session}/inbox` };
  const actor: ReachActor = {
    kind: 'ws', owner: session, inbox,
    write: (envs) => c.send(envs),
    ask: (e) => { const r = ++rid; c.send([{ ...e, sender: { ...inbox, requestId: r } }]); return r; },
    rid: () => ++rid,
    answer: async (r, ms) => {
      const find = (): Observed | undefined => {
        const env = c.envelopes().find((e) => e.target.requestId === r);
        if (env) return observe(env);
        const err = c.errors().find((f) => f.ref === r);
        return err ? { error: statusName(err.code) } : undefined;
      };
      await c.until(() => find() !== undefined, ms);
      return find();
    },
    tags: () => c.envelopes().filter(isDelivery).map((e) => e.headers!['tag']!),
    stray: () => strays(c.envelopes(), session, rid),
    marker: async () => {
      const r = actor.ask(tagged({ address: '', id: 'echo' }, 'marker'));
      if ((await actor.answer(r, 5000)) === undefined) throw new Error(`ws ${session}: no answer to its marker`);
    },
    close: () => c.close(),
  };
  return actor;
}

function streamActor(s: RawRemotingStream, kind: 'grpc' | 'node', owner: string, inbox: WirePidLike, marker: () => Promise<void>): ReachActor {
  let rid = 0;
  return {
    kind, owner, inbox,
    write: (envs) => s.send(envs),
    ask: (e) => { const r = ++rid; s.send([{ ...e, sender: { ...inbox, requestId: r } }]); return r; },
    rid: () => ++rid,
    answer: async (r, ms) => {
      try { return observe(await s.reply((e) => e.target.requestId === r, ms)); } catch { return undefined; }
    },
    tags: () => s.replies().filter(isDelivery).map((e) => e.headers!['tag']!),
    stray: () => strays(s.replies(), owner, rid),
    marker,
    close: () => s.close(),
  };
}

/** A gRPC client connection with `memberId`: the open actor, or the status that refused it (e.g. a live member id). */
export async function openGrpcClientActor(address: string, token: string, memberId: string): Promise<ReachActor | { code: number; details: string }> {
  const s = new RawRemotingStream(address, token);
  s.handshake('client', { memberId });
  try {
    await s.connected(5000);
  } catch {
    const st = await s.statusWithin(5000);
    s.close();
    return { code: st.code, details: st.details };
  }
  const owner = `$client/${s.memberId}`;
  const a = streamActor(s, 'grpc', owner, { address: '', id: `${owner}/inbox` }, async () => {
    const r = a.ask(tagged({ address: '', id: 'echo' }, 'marker'));
    if ((await a.answer(r, 5000)) === undefined) throw new Error(`grpc ${owner}: no answer to its marker`);
  });
  return a;
}

/**
 * A server connection declaring `address` as `member`: the open actor, or the status that refused it.
 * `markerCounter(k)` names the counter its k-th marker increments; `count(id)` reads a counter.
 */
export async function openNodeActor(
  gateway: string, token: string, address: string, member: string,
  markers: { counter: (k: number) => string; read: (id: string) => Promise<number> },
): Promise<ReachActor | { code: number; details: string }> {
  const s = new RawRemotingStream(gateway, token);
  s.handshake('server', { address, memberId: member });
  try {
    await s.connected(5000);
  } catch {
    const st = await s.statusWithin(5000);
    s.close();
    return { code: st.code, details: st.details };
  }
  let k = 0;
  return streamActor(s, 'node', `node:${address}`, { address: '', id: 'nodebox' }, async () => {
    const id = markers.counter(k++);
    s.send([{ ...tagged({ address: '', id }, 'marker') }]);
    const deadline = Date.now() + 5000;
    while ((await markers.read(id)) < 1) if (Date.now() > deadline) throw new Error(`node ${address}: marker ${id} never counted`);
  });
}
