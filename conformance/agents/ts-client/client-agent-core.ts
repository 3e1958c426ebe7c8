/**
 * The agent logic of the TypeScript client (`rosetta/client`), shared by the Node agent
 * (ts-client) and the browser agent, which loads this very file into a page next to the client
 * bundle. So it imports nothing at run time but the browser-safe ../common/recording.js (the page
 * serves it too): the RosettaClient class, a WebSocket implementation and the gRPC code names are
 * handed in.
 *
 * Sessions are RosettaClient connections; hosted actors are registered names (`client.register`),
 * watches are `client.watch`, and a Drop closes the socket under the client (code 3000) so that
 * it reconnects by itself.
 */
import type { AgentResult, DecodedRequest, Ops, Pid } from '../../runner/agent-codec.js';
import { Recording } from '../common/recording.js';

/** What the core needs of the client's API (the public surface of RosettaClient). */
interface ClientLike {
  session: string;
  gatewayAddress: string;
  send(target: Pid, message: string, headers?: Record<string, string>): void;
  request(target: Pid, message: string, options?: { timeoutMs?: number; headers?: Record<string, string> }): Promise<unknown>;
  register(name: string, handler: (message: unknown, ctx: HandlerCtx) => void): Promise<Pid>;
  lookup(name: string): Promise<Pid | undefined>;
  watch(target: Pid): { terminated: Promise<{ who: { address: string; id: string }; why: string }> };
  stop(target: Pid): void;
  status(): AsyncIterable<string>;
  close(): void;
}
interface HandlerCtx { sender: Pid | undefined; headers: Record<string, string>; respond(m: string): void }
interface ClientClass { connect(o: Record<string, unknown>): Promise<ClientLike> }
/** What the core needs of `rosetta/client/documents`. */
interface YMapLike { set(k: string, v: string): void; toJSON(): Record<string, unknown> }
interface DocumentLike {
  synced: Promise<void>;
  closed: Promise<{ code?: string; reason?: string; message?: string } | undefined>;
  doc: { getMap(name: string): YMapLike; on(event: 'update', f: () => void): void; off(event: 'update', f: () => void): void };
  flushed(): Promise<void>;
  onRefused(listener: (e: unknown) => void): () => void;
}
interface DocumentsClass { new (client: ClientLike): { open(name: string): DocumentLike } }
type SocketCtor = new (url: string, protocols: string[]) => { readyState: number; close(code?: number, reason?: string): void };

export interface ClientAgentDeps {
  RosettaClient: ClientClass;
  WebSocket: SocketCtor;
  codeNames: readonly string[];
  /** `SyncedDocuments` from `rosetta/client/documents` (replicated documents over the session). */
  SyncedDocuments?: DocumentsClass;
  /** "ts-client" or "browser". */
  agentName: string;
  detail: string;
}

const WHY: Record<string, number> = { stopped: 1, 'address-terminated': 2, 'not-found': 3 };

interface Session {
  client: ClientLike;
  sockets: Set<InstanceType<SocketCtor>>;
  recordings: Map<string, Recording>;
  documents?: { open(name: string): DocumentLike };
  open: Map<string, DocumentLike>;
}

export class ClientAgentCore {
  private url = '';
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly deps: ClientAgentDeps) {}

  async handle(req: DecodedRequest): Promise<AgentResult> {
    const b = req.body as unknown as Record<string, unknown>;
    switch (req.op) {
      case 'init': {
        const o = b as unknown as Ops['init'];
        this.url = o.gatewayWs;
        const opened = await this.open('', o.token);
        if (opened) return opened;
        return { ok: { agent: this.deps.agentName, kind: 1, detail: this.deps.detail } };
      }
      case 'open': { const o = b as unknown as Ops['open']; return (await this.open(o.session, o.token)) ?? { ok: {} }; }
      case 'close': {
        const s = this.sessions.get((b as unknown as Ops['close']).session);
        s?.client.close();
        this.sessions.delete((b as unknown as Ops['close']).session);
        return { ok: {} };
      }
      case 'drop': return this.drop(req, b as unknown as Ops['drop']);
      case 'host': return this.host(b as unknown as Ops['host']);
      case 'stop': {
        const o = b as unknown as Ops['stop'];
        const s = this.session(o.session);
        const own = await s.client.lookup(o.name);
        if (!own) return { runtimeError: { message: `no hosted actor ${o.name}` } };
        s.client.stop(own);
        return { ok: {} };
      }
      case 'send': {
        const o = b as unknown as Ops['send'];
        const s = this.session(o.session);
        const headers = Object.keys(o.headers).length > 0 ? o.headers : undefined;
        if (o.count <= 1) s.client.send(o.target, o.text, headers);
        else for (let i = 0; i < o.count; i++) s.client.send(o.target, o.text + i, headers);
        return { ok: {} };
      }
      case 'ask': return this.ask(b as unknown as Ops['ask']);
      case 'watch': {
        const o = b as unknown as Ops['watch'];
        const s = this.session(o.session);
        const rec = new Recording();
        s.recordings.set(o.name, rec);
        s.client.watch(o.target).terminated.then((t) => { rec.terminated.push({ who: { address: t.who.address, id: t.who.id }, why: WHY[t.why] ?? 0 }); rec.changed(); });
        return { ok: {} };
      }
      case 'observe': {
        const o = b as unknown as Ops['observe'];
        const rec = this.session(o.session).recordings.get(o.name);
        if (!rec) return { runtimeError: { message: `nothing hosted or watched as ${o.name}` } };
        return rec.observe(o, Math.max(0, o.waitMs));
      }
      case 'spawn': return { skipped: { reason: 'the client has no remote spawn' } };
      case 'crdtWrite': return this.crdtWrite(req, b as unknown as Ops['crdtWrite']);
      case 'crdtRead': return this.crdtRead(req, b as unknown as Ops['crdtRead']);
      default: return { skipped: { reason: `unknown operation ${req.op}` } };
    }
  }

  close(): void {
    for (const s of this.sessions.values()) s.client.close();
  }

  private session(name: string): Session {
    const s = this.sessions.get(name);
    if (!s) throw new Error(`no session '${name}'`);
    return s;
  }

  /** Connects a session; undefined on success, else the typed refusal. */
  private async open(name: string, token: string): Promise<AgentResult | undefined> {
    const sockets = new Set<InstanceType<SocketCtor>>();
    const Base = this.deps.WebSocket;
    // The client's WebSocket option: the platform's implementation, remembered so Drop can cut it.
    const Tracked = function (this: unknown, url: string, protocols: string[]) {
      const s = new Base(url, protocols);
      sockets.add(s);
      return s;
    } as unknown as SocketCtor;
    try {
      const client = await this.deps.RosettaClient.connect({ url: this.url, token, WebSocket: Tracked, reconnect: { initialMs: 50, maxMs: 1000 } });
      this.sessions.set(name, { client, sockets, recordings: this.sessions.get(name)?.recordings ?? new Map(), open: new Map() });
      return undefined;
    } catch (err) {
      return this.typed(err);
    }
  }

  private async drop(req: DecodedRequest, o: Ops['drop']): Promise<AgentResult> {
    const s = this.session(o.session);
    const states = s.client.status()[Symbol.asyncIterator]();
    for (const socket of s.sockets) if (socket.readyState === 1) socket.close(3000, 'conformance drop');
    s.sockets.clear();
    const budget = Math.max(100, req.deadlineMs - 500);
    const back = (async () => {
      let dropped = false;
      for (;;) {
        const n = await states.next();
        if (n.done) return false;
        if (n.value === 'reconnecting') dropped = true;
        if (n.value === 'open' && dropped) return true;
      }
    })();
    const ok = await Promise.race([back, new Promise<boolean>((r) => setTimeout(() => r(false), budget))]);
    return ok ? { ok: {} } : { timeout: { message: 'the client did not reconnect in time' } };
  }

  /** The session's synced copy of `name`, once it holds the gateway's state (or the refusal). */
  private async document(s: Session, name: string, budget: number): Promise<DocumentLike | AgentResult> {
    if (!this.deps.SyncedDocuments) return { skipped: { reason: 'no document support loaded' } };
    s.documents ??= new this.deps.SyncedDocuments(s.client);
    let d = s.open.get(name);
    if (!d) { d = s.documents.open(name); s.open.set(name, d); }
    const refused = d.closed.then((e) => e ?? new Error('the document closed'));
    const r = await Promise.race([d.synced.then(() => undefined), refused, new Promise<string>((r) => setTimeout(() => r('timeout'), budget))]);
    if (r === 'timeout') return { timeout: { message: `document ${name} did not sync` } };
    return r === undefined ? d : this.typed(r);
  }

  private async crdtWrite(req: DecodedRequest, o: Ops['crdtWrite']): Promise<AgentResult> {
    const budget = Math.max(100, req.deadlineMs - 500);
    const d = await this.document(this.session(o.session), o.document, budget);
    if (!('doc' in d)) return d;
    let refusal: unknown;
    const stop = d.onRefused((e) => { refusal = e; });
    try {
      d.doc.getMap(o.name).set(o.key, o.value);
      await Promise.race([d.flushed(), new Promise((r) => setTimeout(r, budget))]);
    } finally {
      stop();
    }
    return refusal ? this.typed(refusal) : { ok: {} };
  }

  private async crdtRead(req: DecodedRequest, o: Ops['crdtRead']): Promise<AgentResult> {
    const budget = Math.max(50, Math.min(o.waitMs || req.deadlineMs, req.deadlineMs - 500));
    const d = await this.document(this.session(o.session), o.document, budget);
    if (!('doc' in d)) return d;
    const entries = (): Record<string, string> => Object.fromEntries(Object.entries(d.doc.getMap(o.name).toJSON()).map(([k, v]) => [k, String(v)]));
    const enough = (): boolean => Object.keys(entries()).length >= o.minEntries;
    if (!enough()) {
      await new Promise<void>((resolve) => {
        const check = (): void => { if (enough()) done(); };
        const done = (): void => { clearTimeout(t); d.doc.off('update', check); resolve(); };
        const t = setTimeout(done, budget);
        d.doc.on('update', check);
      });
    }
    return enough() ? { ok: { entries: entries() } } : { timeout: { message: `the map holds ${Object.keys(entries()).length} entries`, partial: { entries: entries() } } };
  }

  private async host(o: Ops['host']): Promise<AgentResult> {
    const s = this.session(o.session);
    if (o.behaviour === 2) return { ok: { pid: { address: s.client.gatewayAddress, id: `${o.name}-absent` } } };
    if (o.behaviour !== 0 && o.behaviour !== 1) return { skipped: { reason: 'a client hosts no kinds or virtual actors' } };
    const rec = new Recording();
    s.recordings.set(o.name, rec);
    const echo = o.behaviour === 0;
    try {
      const pid = await s.client.register(o.name, (message, ctx) => {
        const text = typeof message === 'string' ? message : String(message);
        rec.received.push({ text, headers: { ...ctx.headers }, sender: ctx.sender ? { address: ctx.sender.address ?? '', id: ctx.sender.id } : null });
        if (echo && ctx.sender) ctx.respond(text);
        rec.changed();
      });
      return { ok: { pid: { address: pid.address, id: pid.id } } };
    } catch (err) {
      return this.typed(err);
    }
  }

  private async ask(o: Ops['ask']): Promise<AgentResult> {
    const s = this.session(o.session);
    const options = { timeoutMs: o.timeoutMs || 5000, ...(Object.keys(o.headers).length > 0 ? { headers: o.headers } : {}) };
    if (o.count <= 1) {
      const t0 = performance.now();
      try {
        const reply = await s.client.request(o.target, o.text, options);
        return { ok: { text: typeof reply === 'string' ? reply : JSON.stringify(reply), latenciesUs: [Math.round((performance.now() - t0) * 1000)] } };
      } catch (err) {
        return this.typed(err);
      }
    }
    const outcomes: Record<string, number> = {};
    const latenciesUs: number[] = [];
    const one = async (i: number): Promise<void> => {
      const t0 = performance.now();
      try {
        await s.client.request(o.target, o.text + i, options);
        latenciesUs.push(Math.round((performance.now() - t0) * 1000));
        outcomes['OK'] = (outcomes['OK'] ?? 0) + 1;
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'UNKNOWN';
        outcomes[code] = (outcomes[code] ?? 0) + 1;
      }
    };
    if (o.concurrent) await Promise.all(Array.from({ length: o.count }, (_, i) => one(i)));
    else for (let i = 0; i < o.count; i++) await one(i);
    return { ok: { outcomes, latenciesUs } };
  }

  private typed(err: unknown): AgentResult {
    const e = err as { code?: unknown; reason?: string; message?: string };
    if (typeof e?.code === 'string') {
      const code = this.deps.codeNames.indexOf(e.code);
      return { error: { code: code < 0 ? 2 : code, reason: e.reason ?? '', message: e.message ?? '' } };
    }
    throw err;
  }
}
