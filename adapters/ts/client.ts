/**
 * Rosetta client for browsers and Node over WebSocket (`rosetta.v1.msgpack`).
 *
 * @example
 *   const client = await RosettaClient.connect({ url: 'ws://127.0.0.1:8080', token });
 *   const reply = await client.request({ id: 'echo' }, 'hi', { timeoutMs: 1000 });
 *   await client.register('alice-inbox', (msg, ctx) => ctx.respond(`got ${msg}`)); // Go can message PID{gw, 'alice-inbox'}
 *   for await (const s of client.status()) console.log(s); // 'open' | 'reconnecting' | 'closed'
 *   client.close();
 *
 * Browsers and Node ≥ 22 use their global WebSocket; on Node 20 the `ws` package is
 * loaded when no implementation is passed. The browser bundle carries no Node code.
 * After an unexpected close the client reconnects with exponential backoff and
 * jitter and re-registers its names; requests in flight fail with UNAVAILABLE.
 */
import {
  TypeName,
  CancelledError, DeadlineExceededError, errorFromStatus, TokenExpiredError, UnauthenticatedError, UnavailableError,
  WS_SUBPROTOCOL_MSGPACK, WS_SUBPROTOCOL_PROTOBUF, wsCodecFor, type RosettaError, type WireEnvelope, type WsCodec, type WsFrame,
} from '../../protocol/index.js';
import { AsyncQueue } from './async-queue.js';
import { defaultWebSocket } from './default-websocket.js';
import { decodePayload, encodePayload, type Typed } from './payloads.js';
import { deadLetterResponse, readTerminated, stopMessage, TERMINATED, watcherMessage, type EncodedPayload, type Termination } from './system-messages.js';

export type { Termination, TerminatedReason } from './system-messages.js';

/** A watch on one actor: `terminated` resolves once it is gone (stopped, its node lost, or never there). */
export interface Watching {
  readonly terminated: Promise<Termination>;
  /** Stops watching; `terminated` then never resolves. */
  unwatch(): void;
}

export interface PidLike { address?: string; id: string; requestId?: number }

/**
 * The session's replicated-document frames (crdt/PROTOCOL.md §2), for SyncedDocuments
 * (`rosetta/client/documents`): frames the gateway sent, and the connection's turns.
 */
export interface DocumentFrameListener {
  frame(bytes: Uint8Array): void;
  /** A new session after a reconnect: documents must be opened again. */
  reopened(): void;
  /** The client closed for good. */
  closed(): void;
}
type SocketLike = {
  binaryType: string;
  readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
};
type SocketCtor = new (url: string, protocols: string[]) => SocketLike;

export interface ConnectOptions {
  url: string;
  /** A token, or a function returning a fresh one (called on every (re)connect). */
  token?: string | (() => string | Promise<string>);
  WebSocket?: SocketCtor;
  /** Default deadline for requests (ms). */
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Frame encoding (WebSocket subprotocol): `msgpack` (default, rosetta.v1.msgpack) or `protobuf` (rosetta.v1.protobuf). */
  encoding?: 'msgpack' | 'protobuf';
  /** Reconnect after an unexpected close (default on): exponential backoff with jitter. */
  reconnect?: false | { initialMs?: number; maxMs?: number; maxAttempts?: number };
}

export type Status = 'open' | 'reconnecting' | 'closed';

export interface HandlerContext {
  sender: PidLike | undefined;
  headers: Record<string, string>;
  respond(message: string | Typed): void;
}
type Handler = (message: unknown, ctx: HandlerContext) => void;

/** Close codes after which reconnecting cannot help: protocol violations, bad tokens. */
const FATAL_CLOSE = new Set([4400, 4401]);

export class RosettaClient {
  /** The session id; this client's actors are `<session>/<name>` at the gateway's address (new after a reconnect). */
  session = '';
  gatewayAddress = '';
  readonly closed: Promise<void | Error>;
  private resolveClosed!: (v: void | Error) => void;
  private socket: SocketLike | undefined;
  private state: Status = 'open';
  private userClosed = false;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly handlers = new Map<string, Handler>();
  private readonly names = new Map<string, { handler: Handler; replace: boolean }>();
  private readonly statusQueues = new Set<AsyncQueue<Status>>();
  private readonly errorQueues = new Set<AsyncQueue<RosettaError>>();
  private readonly documentListeners = new Set<DocumentFrameListener>();
  private nextRequest = 1;
  private nextActor = 1;
  /**
   * Open watches by `address/id` of the watched actor; re-sent after a reconnect. Each has a
   * watcher PID of its own (`<session>/$watcher/<n>`): Terminated is matched by the watcher it is
   * for, since the actor it names may not be the PID watched (a name names the actor it points at).
   */
  private readonly watches = new Map<string, { target: PidLike; watcher: number; notify: Set<(t: Termination) => void> }>();
  private nextWatcher = 1;
  private outbox: WireEnvelope[] = [];
  /** The gateway's frame limit (its welcome says). */
  private maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
  private flushScheduled = false;

  private readonly codec: WsCodec;

  private constructor(private readonly o: ConnectOptions) {
    this.codec = wsCodecFor(o.encoding === 'protobuf' ? WS_SUBPROTOCOL_PROTOBUF : WS_SUBPROTOCOL_MSGPACK)!;
    this.closed = new Promise((r) => { this.resolveClosed = r; });
  }

  static async connect(o: ConnectOptions): Promise<RosettaClient> {
    const client = new RosettaClient(o);
    await client.open();
    return client;
  }

  // ---- connection ---------------------------------------------------------------------
  private async open(): Promise<void> {
    const Ctor = this.o.WebSocket ?? ((await defaultWebSocket()) as SocketCtor | undefined);
    if (!Ctor) throw new UnavailableError('no WebSocket implementation: pass one, or install the ws package');
    const token = typeof this.o.token === 'function' ? await this.o.token() : this.o.token ?? '';
    const socket = new Ctor(this.o.url, [this.codec.subprotocol]);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new DeadlineExceededError('connect timed out')); socket.close(); }, this.o.connectTimeoutMs ?? 10_000);
      let welcomed = false;
      socket.onopen = () => socket.send(this.codec.encode({ type: 'hello', token, client: 'rosetta-ts/0.1' }));
      socket.onmessage = (ev) => {
        let frame: WsFrame;
        try { frame = this.codec.decode(toBytes(ev.data)); } catch { socket.close(4400, 'bad frame'); return; }
        if (welcomed) { this.onFrame(frame); return; }
        if (frame.type === 'welcome') {
          welcomed = true;
          clearTimeout(timer);
          this.session = frame.sessionId;
          this.gatewayAddress = frame.address;
          this.maxFrameBytes = frame.maxFrameBytes || DEFAULT_MAX_FRAME_BYTES;
          resolve();
        } else if (frame.type === 'error') {
          clearTimeout(timer);
          reject(frame.code === 16 && frame.reason === 'expired' ? new TokenExpiredError(frame.message) : errorFromStatus(frame.code, frame.message, frame.reason ? { reason: frame.reason } : undefined));
        }
      };
      socket.onclose = (ev) => {
        clearTimeout(timer);
        if (!welcomed) { reject(ev.code === 4401 ? new UnauthenticatedError(ev.reason || 'unauthenticated') : new UnavailableError(`connection closed (${ev.code})`)); return; }
        this.onSocketClosed(ev.code, ev.reason);
      };
      socket.onerror = () => {};
    });
  }

  private onSocketClosed(code: number, reason: string): void {
    for (const [, p] of this.pending) { clearTimeout(p.timer); p.reject(new UnavailableError(`connection lost (${code}${reason ? `: ${reason}` : ''})`)); }
    this.pending.clear();
    if (this.userClosed) { this.finish(undefined); return; }
    const rc = this.o.reconnect;
    if (code === 4403 && typeof this.o.token !== 'function') { this.finish(new TokenExpiredError(reason || 'token expired')); return; }
    if (rc === false || FATAL_CLOSE.has(code)) { this.finish(new UnavailableError(`connection closed (${code}${reason ? `: ${reason}` : ''})`)); return; }
    void this.reconnect(rc ?? {});
  }

  private async reconnect(rc: { initialMs?: number; maxMs?: number; maxAttempts?: number }): Promise<void> {
    this.setStatus('reconnecting');
    const initial = rc.initialMs ?? 100, max = rc.maxMs ?? 10_000, attempts = rc.maxAttempts ?? Infinity;
    for (let n = 1; n <= attempts && !this.userClosed; n++) {
      const delay = Math.min(max, initial * 2 ** (n - 1)) * (0.5 + Math.random() / 2);
      await new Promise((r) => setTimeout(r, delay));
      if (this.userClosed) break;
      try {
        await this.open();
        this.handlers.clear();
        for (const [name, r] of this.names) await this.registerOnce(name, r.handler, true);
        for (const w of this.watches.values()) this.enqueueRaw(w.target, watcherMessage(TypeName.Watch, this.watcherPid(w.watcher)));
        this.setStatus('open');
        for (const l of this.documentListeners) l.reopened();
        return;
      } catch (err) {
        if (err instanceof UnauthenticatedError) { this.finish(err); return; } // includes TokenExpiredError
      }
    }
    this.finish(this.userClosed ? undefined : new UnavailableError('gave up reconnecting'));
  }

  private finish(err: Error | undefined): void {
    if (this.state === 'closed') return;
    this.setStatus('closed');
    for (const q of this.statusQueues) q.end();
    for (const q of this.errorQueues) q.end();
    for (const l of [...this.documentListeners]) l.closed();
    this.resolveClosed(err);
  }

  private setStatus(s: Status): void {
    this.state = s;
    for (const q of this.statusQueues) q.push(s);
  }

  /** Status changes from now on, as an async iterator that ends when the client closes. */
  status(): AsyncIterable<Status> & { readonly current: Status } {
    const q = new AsyncQueue<Status>(100);
    if (this.state === 'closed') q.end(); else this.statusQueues.add(q);
    return Object.assign(q, { current: this.state });
  }

  /**
   * Errors the gateway reports that answer no request: refused sends (PERMISSION_DENIED,
   * RESOURCE_EXHAUSTED past a quota, INVALID_ARGUMENT), as an async iterator that ends
   * when the client closes (bounded: the oldest are dropped past `limit`).
   */
  errors(limit = 1000): AsyncIterable<RosettaError> {
    const q = new AsyncQueue<RosettaError>(limit);
    if (this.state === 'closed') q.end(); else this.errorQueues.add(q);
    return q;
  }

  close(): void {
    this.userClosed = true;
    if (this.socket && this.socket.readyState <= 1) this.socket.close(1000, 'client closed');
    else this.finish(undefined);
  }

  // ---- replicated documents (the frames; rosetta/client/documents syncs Y.Docs over them) ----

  /** Listens to the session's document frames; returns the unsubscribe. */
  documentFrames(listener: DocumentFrameListener): () => void {
    this.documentListeners.add(listener);
    return () => { this.documentListeners.delete(listener); };
  }

  /** Sends one document frame; false when not connected (a reconnect re-syncs documents). */
  sendDocumentFrame(frame: Uint8Array): boolean {
    if (!this.socket || this.socket.readyState !== 1) return false;
    this.socket.send(this.codec.encode({ type: 'documents', frame }));
    return true;
  }

  // ---- messaging ------------------------------------------------------------------------
  /** The PID of an actor this client hosts. */
  pid(name: string): { address: string; id: string } {
    return { address: this.gatewayAddress, id: `${this.session}/${name}` };
  }

  send(target: PidLike, message: string | Typed, headers?: Record<string, string>): void {
    this.enqueue(target, message, undefined, headers);
  }

  request<T = unknown>(target: PidLike, message: string | Typed, options: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<T> {
    const requestId = this.nextRequest++;
    const timeoutMs = options.timeoutMs ?? this.o.requestTimeoutMs ?? 5000;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => { this.pending.delete(requestId); reject(new DeadlineExceededError(`request to ${target.id} exceeded its ${timeoutMs} ms deadline`)); }, timeoutMs);
      this.pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject, timer });
      try {
        this.enqueue(target, message, { address: this.gatewayAddress, id: `${this.session}/$inbox`, requestId }, options.headers);
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(requestId);
        reject(err as Error);
      }
    });
  }

  /** Hosts an actor in this client; any actor that knows the returned PID can message it. */
  spawn(handler: Handler, name = `$${this.nextActor++}`): { address: string; id: string } {
    const pid = this.pid(name);
    this.handlers.set(pid.id, handler);
    return pid;
  }

  /** Hosts an actor whose messages arrive through an async iterator (bounded: the oldest are dropped past `limit`). */
  subscribe(limit = 10_000): { pid: { address: string; id: string }; messages: AsyncIterable<{ message: unknown; ctx: HandlerContext }>; close(): void } {
    const q = new AsyncQueue<{ message: unknown; ctx: HandlerContext }>(limit);
    const pid = this.spawn((message, ctx) => q.push({ message, ctx }));
    void this.closed.then(() => q.end());
    return { pid, messages: q, close: () => { if (this.socket?.readyState === 1) this.stop(pid); else this.handlers.delete(pid.id); q.end(); } };
  }

  /**
   * Hosts `handler` and registers it under `name`: any actor (a Go node included) can then
   * message `PID{gateway, name}`. Re-registered after a reconnect. Rejects with
   * PERMISSION_DENIED when the token does not allow the name, ALREADY_EXISTS when taken.
   */
  async register(name: string, handler: Handler, options: { replace?: boolean } = {}): Promise<{ address: string; id: string }> {
    await this.registerOnce(name, handler, options.replace ?? false);
    this.names.set(name, { handler, replace: options.replace ?? false });
    return { address: this.gatewayAddress, id: name };
  }

  private async registerOnce(name: string, handler: Handler, replace: boolean): Promise<void> {
    const pid = this.spawn(handler, `named/${name}`);
    try {
      await this.request({ id: '$registry' }, { typeName: TypeName.RegisterName, value: { name, pid: { Address: pid.address, Id: pid.id }, replace } });
    } catch (err) {
      this.handlers.delete(pid.id);
      throw err;
    }
  }

  /** The PID registered under `name`, or undefined. */
  async lookup(name: string): Promise<{ address: string; id: string } | undefined> {
    const r = await this.request<Typed<{ found: boolean; pid?: { Address: string; Id: string } }>>({ id: '$registry' }, { typeName: TypeName.LookupName, value: { name } });
    const v = r.value;
    return v.found && v.pid ? { address: v.pid.Address, id: v.pid.Id } : undefined;
  }

  /**
   * Watches `target` (any actor: TS, Go, JVM or another client's). The gateway or the
   * target's node answers `actor.Terminated` when it stops, when its node or client is
   * lost, or at once when there is no such actor. Re-established after a reconnect.
   */
  watch(target: PidLike): Watching {
    const key = `${target.address ?? ''}/${target.id}`;
    let entry = this.watches.get(key);
    const first = entry === undefined;
    if (entry === undefined) { entry = { target, watcher: this.nextWatcher++, notify: new Set() }; this.watches.set(key, entry); }
    const e = entry;
    let notify!: (t: Termination) => void;
    const terminated = new Promise<Termination>((r) => { notify = r; });
    e.notify.add(notify);
    if (first) {
      try { this.enqueueRaw(target, watcherMessage(TypeName.Watch, this.watcherPid(e.watcher))); } catch (err) { this.watches.delete(key); throw err; }
    }
    return {
      terminated,
      unwatch: () => {
        if (!e.notify.delete(notify) || e.notify.size > 0) return;
        this.watches.delete(key);
        if (this.socket?.readyState === 1) this.enqueueRaw(target, watcherMessage(TypeName.Unwatch, this.watcherPid(e.watcher)));
      },
    };
  }

  /**
   * Stops an actor. For one this client hosts, its handler is removed and its watchers
   * are told; any other actor is sent `actor.Stop` (the token must allow sending to it).
   */
  stop(target: PidLike): void {
    const own = target.id.startsWith(`${this.session}/`);
    if (own) this.handlers.delete(target.id);
    this.enqueueRaw(own ? { address: this.gatewayAddress, id: target.id } : target, stopMessage);
  }

  private watcherPid(n: number): { address: string; id: string; requestId: number } {
    return { address: this.gatewayAddress, id: `${this.session}/$watcher/${n}`, requestId: 0 };
  }

  /** `watcherId`: the target of the Terminated envelope, which names the watch. */
  private onTerminated(t: Termination, watcherId: string): void {
    const n = Number(watcherId.slice(watcherId.lastIndexOf('/') + 1));
    for (const [key, w] of this.watches) {
      if (w.watcher !== n) continue;
      this.watches.delete(key);
      for (const fn of w.notify) fn(t);
    }
  }

  private enqueue(target: PidLike, message: string | Typed, sender: WireEnvelope['sender'], headers?: Record<string, string>): void {
    this.enqueueRaw(target, encodePayload(message), sender, headers);
  }

  private enqueueRaw(target: PidLike, p: EncodedPayload, sender?: WireEnvelope['sender'], headers?: Record<string, string>): void {
    if (!this.socket || this.socket.readyState !== 1) throw new UnavailableError(this.state === 'closed' ? 'client is closed' : 'not connected');
    this.outbox.push({ target: { address: target.address ?? '', id: target.id, requestId: target.requestId ?? 0 }, sender, ...p, headers });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        const envelopes = this.outbox;
        this.outbox = [];
        if (this.socket && this.socket.readyState === 1) for (const frame of this.frames(envelopes)) this.socket.send(frame);
      });
    }
  }

  /**
   * One turn's envelopes as batch frames each under the gateway's frame limit (from its welcome):
   * a bigger frame would be refused and close the connection (1009).
   */
  private frames(envelopes: WireEnvelope[]): Uint8Array[] {
    const limit = this.maxFrameBytes;
    const out: Uint8Array[] = [];
    let start = 0;
    while (start < envelopes.length) {
      let end = start, bytes = 0;
      while (end < envelopes.length && (end === start || bytes + envelopeSize(envelopes[end]!) <= limit * 0.9)) bytes += envelopeSize(envelopes[end++]!);
      out.push(this.codec.encode({ type: 'batch', envelopes: envelopes.slice(start, end) }));
      start = end;
    }
    return out;
  }

  private onFrame(frame: WsFrame): void {
    if (frame.type === 'error') {
      const p = this.pending.get(frame.ref);
      const error = frame.code === 16 && frame.reason === 'expired' ? new TokenExpiredError(frame.message) : errorFromStatus(frame.code, frame.message, frame.reason ? { reason: frame.reason } : undefined);
      if (p) { this.pending.delete(frame.ref); clearTimeout(p.timer); p.reject(error); return; }
      for (const q of this.errorQueues) q.push(error);
      return;
    }
    if (frame.type === 'ping') { this.socket?.send(this.codec.encode({ type: 'pong', nonce: frame.nonce })); return; }
    if (frame.type === 'documents') { for (const l of this.documentListeners) l.frame(frame.frame); return; }
    if (frame.type !== 'batch') return;
    for (const e of frame.envelopes) {
      if (e.typeName === TERMINATED) {
        try { this.onTerminated(readTerminated(e.payload), e.target.id); } catch { /* a malformed Terminated names no watch */ }
        continue;
      }
      let decoded: { value: unknown; error?: RosettaError };
      try { decoded = decodePayload(e.typeName, e.serializerId, e.payload); } catch { continue; }
      if (e.target.id === `${this.session}/$inbox`) {
        const p = this.pending.get(e.target.requestId);
        if (!p) continue;
        this.pending.delete(e.target.requestId);
        clearTimeout(p.timer);
        if (decoded.error) p.reject(decoded.error); else p.resolve(decoded.value);
        continue;
      }
      const handler = this.handlers.get(e.target.id);
      const sender = e.sender;
      if (!handler) {
        // As an actor system answers a request to a missing actor: the requester fails fast, not by its deadline.
        if (sender && e.typeName !== TypeName.Stop && this.socket?.readyState === 1) this.enqueueRaw(sender, deadLetterResponse(e.target));
        continue;
      }
      try {
        handler(decoded.value, { sender, headers: e.headers ?? {}, respond: (m) => { if (sender) this.enqueue(sender, m, undefined); } });
      } catch {
        // A throwing handler must not break the connection; it is the application's to report.
      }
    }
  }
}

/** Request deadline passed (DEADLINE_EXCEEDED). */
export { DeadlineExceededError as TimeoutError, CancelledError };

function toBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError('expected a binary frame');
}

const DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

/** An upper bound of an envelope's share of a batch frame (tables are deduplicated, so this overestimates). */
function envelopeSize(e: WireEnvelope): number {
  let n = 48 + e.payload.length + 3 * (e.typeName.length + e.target.id.length + e.target.address.length + (e.sender ? e.sender.id.length + e.sender.address.length : 0));
  if (e.headers) for (const [k, v] of Object.entries(e.headers)) n += 3 * (k.length + v.length) + 8;
  return n;
}
