/**
 * Rosetta client for browsers and Node over WebSocket (`rosetta.v1.msgpack`).
 *
 * @example
 *   const client = await RosettaClient.connect({ url: 'ws://127.0.0.1:8080', token });
 *   const reply = await client.request({ id: 'echo' }, 'hi', { timeoutMs: 1000 });
 *   const me = client.spawn((msg, ctx) => ctx.respond(`got ${msg}`)); // addressable by any actor
 *   client.close();
 *
 * In Node pass `WebSocket` from the `ws` package; browsers use the global one.
 * No Node-only imports here, so it bundles for the browser as is.
 */
import {
  CancelledError, DeadlineExceededError, decodeWsFrame, encodeWsFrame, errorFromStatus, UnavailableError, WS_SUBPROTOCOL_MSGPACK,
  type RosettaError, type WireEnvelope, type WsFrame,
} from '../../protocol/index.js';
import { decodePayload, encodePayload, type Typed } from './payloads.js';

export interface PidLike { address?: string; id: string; requestId?: number }
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
  token?: string;
  WebSocket?: SocketCtor;
  /** Default deadline for requests. */
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export interface HandlerContext {
  sender: PidLike | undefined;
  headers: Record<string, string>;
  respond(message: string | Typed): void;
}

export class RosettaClient {
  /** The session id; this client's actors are `<session>/<name>` at the gateway's address. */
  session = '';
  gatewayAddress = '';
  readonly closed: Promise<void | Error>;
  private resolveClosed!: (v: void | Error) => void;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly handlers = new Map<string, (msg: unknown, ctx: HandlerContext) => void>();
  private nextRequest = 1;
  private nextActor = 1;
  private outbox: WireEnvelope[] = [];
  private flushScheduled = false;

  private constructor(private readonly socket: SocketLike, private readonly o: ConnectOptions) {
    this.closed = new Promise((r) => { this.resolveClosed = r; });
  }

  static connect(o: ConnectOptions): Promise<RosettaClient> {
    const Ctor = o.WebSocket ?? (globalThis as unknown as { WebSocket?: SocketCtor }).WebSocket;
    if (!Ctor) return Promise.reject(new UnavailableError('no WebSocket implementation: pass one (e.g. from the ws package)'));
    const socket = new Ctor(o.url, [WS_SUBPROTOCOL_MSGPACK]);
    socket.binaryType = 'arraybuffer';
    const client = new RosettaClient(socket, o);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { reject(new DeadlineExceededError('connect timed out')); socket.close(); }, o.connectTimeoutMs ?? 10_000);
      socket.onopen = () => socket.send(encodeWsFrame({ type: 'hello', token: o.token ?? '', client: 'rosetta-ts/0.1' }));
      socket.onmessage = (ev) => {
        const frame = decodeWsFrame(toBytes(ev.data));
        if (frame.type === 'welcome') {
          clearTimeout(timer);
          client.session = frame.sessionId;
          client.gatewayAddress = frame.address;
          socket.onmessage = (e) => client.onFrame(decodeWsFrame(toBytes(e.data)));
          resolve(client);
        } else if (frame.type === 'error') {
          clearTimeout(timer);
          reject(errorFromStatus(frame.code, frame.message));
        }
      };
      socket.onclose = (ev) => {
        clearTimeout(timer);
        const err = new UnavailableError(`connection closed (${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`);
        reject(err);
        client.onClose(ev.code === 1000 ? undefined : err);
      };
      socket.onerror = () => {};
    });
  }

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
      this.enqueue(target, message, { address: this.gatewayAddress, id: `${this.session}/$inbox`, requestId }, options.headers);
    });
  }

  /** Hosts an actor in this client; any actor that knows the returned PID can message it. */
  spawn(handler: (message: unknown, ctx: HandlerContext) => void, name = `$${this.nextActor++}`): { address: string; id: string } {
    const pid = this.pid(name);
    this.handlers.set(pid.id, handler);
    return pid;
  }

  /**
   * Hosts `handler` and registers it under `name` in the gateway's registry: any actor
   * (a Go node included) can then message `PID{gateway, name}`. Rejects with
   * PERMISSION_DENIED when the token does not allow the name, ALREADY_EXISTS when taken.
   */
  async register(name: string, handler: (message: unknown, ctx: HandlerContext) => void, options: { replace?: boolean } = {}): Promise<{ address: string; id: string }> {
    const pid = this.spawn(handler, `named/${name}`);
    try {
      await this.request({ id: '$registry' }, { typeName: 'rosetta.v1.RegisterName', value: { name, pid: { Address: pid.address, Id: pid.id }, replace: options.replace ?? false } });
    } catch (err) {
      this.handlers.delete(pid.id);
      throw err;
    }
    return { address: this.gatewayAddress, id: name };
  }

  /** The PID registered under `name`, or undefined. */
  async lookup(name: string): Promise<{ address: string; id: string } | undefined> {
    const r = await this.request<Typed<{ found: boolean; pid?: { Address: string; Id: string } }>>({ id: '$registry' }, { typeName: 'rosetta.v1.LookupName', value: { name } });
    const v = r.value;
    return v.found && v.pid ? { address: v.pid.Address, id: v.pid.Id } : undefined;
  }

  close(): void {
    this.socket.close(1000, 'client closed');
  }

  private enqueue(target: PidLike, message: string | Typed, sender: WireEnvelope['sender'], headers?: Record<string, string>): void {
    if (this.socket.readyState !== 1) throw new UnavailableError('not connected');
    const p = encodePayload(message);
    this.outbox.push({ target: { address: target.address ?? '', id: target.id, requestId: target.requestId ?? 0 }, sender, ...p, headers });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        const envelopes = this.outbox;
        this.outbox = [];
        if (this.socket.readyState === 1) this.socket.send(encodeWsFrame({ type: 'batch', envelopes }));
      });
    }
  }

  private onFrame(frame: WsFrame): void {
    if (frame.type === 'error') {
      const p = this.pending.get(frame.ref);
      if (p) { this.pending.delete(frame.ref); clearTimeout(p.timer); p.reject(errorFromStatus(frame.code, frame.message)); }
      return;
    }
    if (frame.type !== 'batch') return;
    for (const e of frame.envelopes) {
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
      if (!handler) continue;
      const sender = e.sender;
      handler(decoded.value, {
        sender,
        headers: e.headers ?? {},
        respond: (m) => { if (sender) this.enqueue(sender, m, undefined); },
      });
    }
  }

  private onClose(err: Error | undefined): void {
    for (const [, p] of this.pending) { clearTimeout(p.timer); p.reject(new CancelledError('connection closed')); }
    this.pending.clear();
    this.resolveClosed(err);
  }
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError('expected a binary frame');
}
