/**
 * A bare `remote.Remoting/Receive` stream for tests that need to write exact bytes
 * or look at exact replies: optional bearer token, raw writes, the handshake as a
 * client-connection peer (replies come back on this stream), decoded batches.
 */
import * as grpc from '@grpc/grpc-js';
import { decodeRemoteMessage, encodeBatch, encodeRemoteMessage, type WireEnvelope } from '../../protocol/index.js';

const identity = (b: Buffer): Buffer => b;

export class RawRemotingStream {
  readonly client: grpc.Client;
  readonly stream: grpc.ClientDuplexStream<Buffer, Buffer>;
  readonly frames: Buffer[] = [];
  readonly status: Promise<grpc.StatusObject>;
  private waiters: (() => void)[] = [];

  constructor(address: string, token?: string) {
    this.client = new grpc.Client(address, grpc.credentials.createInsecure());
    const md = new grpc.Metadata();
    if (token !== undefined) md.set('authorization', `Bearer ${token}`);
    this.stream = this.client.makeBidiStreamRequest('/remote.Remoting/Receive', identity, identity, md);
    this.stream.on('data', (b: Buffer) => { this.frames.push(b); for (const w of this.waiters.splice(0)) w(); });
    this.stream.on('error', () => {});
    this.status = new Promise((r) => this.stream.on('status', r));
  }

  write(bytes: Uint8Array): void {
    this.stream.write(Buffer.from(bytes));
  }

  handshake(type: 'client' | 'server' = 'client'): void {
    this.write(encodeRemoteMessage({ kind: 'connect-request', connection: type === 'client' ? { type, memberId: 'raw' } : { type, memberId: 'raw', address: '127.0.0.1:1', blockList: [] } }, { dialect: 'v2025' }));
  }

  send(envelopes: WireEnvelope[]): void {
    this.write(encodeBatch(envelopes, { dialect: 'v2025' }));
  }

  /** Every envelope received so far (batches only). */
  replies(): WireEnvelope[] {
    const out: WireEnvelope[] = [];
    for (const f of this.frames) {
      const m = decodeRemoteMessage(f, { dialect: 'v2025', localAddress: 'raw' });
      if (m.kind === 'batch') out.push(...m.envelopes);
    }
    return out;
  }

  /** The first reply matching `pred`, waiting up to `timeoutMs`. */
  async reply(pred: (e: WireEnvelope) => boolean, timeoutMs = 3000): Promise<WireEnvelope> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.replies().find(pred);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching reply within ${timeoutMs} ms (got ${this.replies().map((e) => e.typeName).join(', ') || 'none'})`);
      await new Promise<void>((r) => { const t = setTimeout(r, left); this.waiters.push(() => { clearTimeout(t); r(); }); });
    }
  }

  close(): void {
    this.stream.cancel();
    this.client.close();
  }
}
