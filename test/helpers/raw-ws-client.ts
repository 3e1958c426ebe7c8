/**
 * A bare WebSocket client speaking a Rosetta subprotocol frame by frame, for tests
 * that must see exact error frames and close codes: hello (optionally followed at
 * once by pipelined frames), every frame received, the close code.
 */
import { WebSocket } from 'ws';
import { wsCodecFor, type WireEnvelope, type WsCodec, type WsFrame } from '../../protocol/index.js';

export class RawWsClient {
  readonly socket: WebSocket;
  readonly codec: WsCodec;
  readonly frames: WsFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the session id when welcomed; never resolves when refused. */
  readonly welcomed: Promise<string>;
  private waiters: (() => void)[] = [];

  constructor(url: string, token: string | undefined, o: { pipelined?: WireEnvelope[][]; subprotocol?: string } = {}) {
    this.codec = wsCodecFor(o.subprotocol ?? 'rosetta.v1.msgpack')!;
    this.socket = new WebSocket(url, [this.codec.subprotocol]);
    this.socket.binaryType = 'nodebuffer';
    let welcome!: (s: string) => void;
    this.welcomed = new Promise((r) => { welcome = r; });
    this.closed = new Promise((r) => this.socket.on('close', (code, reason) => { r({ code, reason: reason.toString() }); for (const w of this.waiters.splice(0)) w(); }));
    this.socket.on('error', () => {});
    this.socket.on('open', () => {
      this.socket.send(this.codec.encode({ type: 'hello', token: token ?? '', client: 'raw-test' }));
      for (const envelopes of o.pipelined ?? []) this.socket.send(this.codec.encode({ type: 'batch', envelopes }));
    });
    this.socket.on('message', (data: Buffer) => {
      const f = this.codec.decode(new Uint8Array(data));
      this.frames.push(f);
      if (f.type === 'welcome') welcome(f.sessionId);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  send(envelopes: WireEnvelope[]): void {
    this.socket.send(this.codec.encode({ type: 'batch', envelopes }));
  }

  private nonce = 0;

  /** Resolves when a ping sent now is answered: every frame sent before it has been handled (frames are handled in order). */
  async marker(timeoutMs = 5000): Promise<void> {
    const nonce = ++this.nonce + 1_000_000;
    this.socket.send(this.codec.encode({ type: 'ping', nonce }));
    const ok = await this.until(() => this.frames.some((f) => f.type === 'pong' && f.nonce === nonce), timeoutMs);
    if (!ok) throw new Error(`no pong ${nonce} within ${timeoutMs} ms (closed: ${this.socket.readyState === WebSocket.CLOSED})`);
  }

  errors(): Extract<WsFrame, { type: 'error' }>[] {
    return this.frames.filter((f): f is Extract<WsFrame, { type: 'error' }> => f.type === 'error');
  }

  envelopes(): WireEnvelope[] {
    return this.frames.flatMap((f) => (f.type === 'batch' ? f.envelopes : []));
  }

  /** Waits until `pred` holds over what was received (or the socket closed), up to `timeoutMs`. */
  async until(pred: () => boolean, timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0 || this.socket.readyState === WebSocket.CLOSED) return pred();
      await new Promise<void>((r) => { const t = setTimeout(r, left); this.waiters.push(() => { clearTimeout(t); r(); }); });
    }
    return true;
  }

  close(): void {
    this.socket.terminate();
  }
}
