/**
 * A bare `remote.Remoting/Receive` stream for tests that need to write exact bytes
 * or look at exact replies: optional bearer token, raw writes, the handshake as a
 * client-connection peer (replies come back on this stream; its actors are
 * `$client/<memberId>/…`, PROTOCOL.md §1a) or as a server connection declaring an
 * address, decoded batches.
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
  /** The member id this stream presents (unique per stream unless given). */
  memberId = `raw-${Math.random().toString(36).slice(2, 10)}`;

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

  /** A client connection by default; a server connection declares `o.address` (default 127.0.0.1:1). */
  handshake(type: 'client' | 'server' = 'client', o: { memberId?: string; address?: string } = {}): void {
    if (o.memberId !== undefined) this.memberId = o.memberId;
    const connection = type === 'client'
      ? { type, memberId: this.memberId }
      : { type, memberId: this.memberId, address: o.address ?? '127.0.0.1:1', blockList: [] };
    this.write(encodeRemoteMessage({ kind: 'connect-request', connection }, { dialect: 'v2025' }));
  }

  /** A PID this client connection hosts (a valid sender): `$client/<memberId>/<name>`, gateway address left empty. */
  own(name: string, requestId = 0): { address: string; id: string; requestId: number } {
    return { address: '', id: `$client/${this.memberId}/${name}`, requestId };
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
