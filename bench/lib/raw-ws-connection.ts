/**
 * A WebSocket client connection over raw TCP for load generation: frames are
 * masked with a zero key (so pre-encoded payloads go out as they are) and written
 * in large chunks, costing the load generator next to nothing per frame; server
 * frames are parsed minimally (no fragmentation; pings are answered, other control
 * frames passed on with their opcode). Not a general-purpose client.
 */
import { connect, type Socket } from 'node:net';

export function maskedFrame(payload: Uint8Array, opcode = 0x2): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, 0x80 | n])
    : n < 65536 ? Buffer.from([0x80 | opcode, 0x80 | 126, n >> 8, n & 0xff])
      : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; })()]);
  return Buffer.concat([head, Buffer.alloc(4), payload]);
}

export class RawWsConnection {
  private buf: Buffer = Buffer.alloc(0);
  private upgraded = false;
  private readonly listeners: ((payload: Buffer, opcode: number) => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => this.onData(d));
  }

  /** Connects and upgrades (`path`, optional subprotocol); resolves once the 101 arrived. */
  static open(url: string, subprotocol?: string): Promise<RawWsConnection> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: u.hostname, port: Number(u.port), noDelay: true });
      const c = new RawWsConnection(socket);
      socket.once('error', reject);
      socket.on('connect', () => socket.write(`GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${subprotocol ? `Sec-WebSocket-Protocol: ${subprotocol}\r\n` : ''}\r\n`));
      c.onUpgrade = () => resolve(c);
    });
  }

  private onUpgrade: () => void = () => {};

  onFrame(fn: (payload: Buffer, opcode: number) => void): void {
    this.listeners.push(fn);
  }

  /** The next frame's payload. */
  next(): Promise<Buffer> {
    return new Promise((resolve) => {
      const fn = (p: Buffer): void => { this.listeners.splice(this.listeners.indexOf(fn), 1); resolve(p); };
      this.listeners.push(fn);
    });
  }

  /** Writes pre-masked frames, coalesced into chunks of about 64 KiB; resolves when the kernel took them all. */
  async writeFrames(frames: readonly Buffer[]): Promise<void> {
    let chunk: Buffer[] = [];
    let size = 0;
    for (const f of frames) {
      chunk.push(f);
      size += f.length;
      if (size >= 65536) {
        if (!this.socket.write(Buffer.concat(chunk))) await new Promise((r) => this.socket.once('drain', r));
        chunk = []; size = 0;
      }
    }
    if (chunk.length > 0) this.socket.write(Buffer.concat(chunk));
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    if (!this.upgraded) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (this.buf.toString('latin1', 0, 12) !== 'HTTP/1.1 101') { this.socket.destroy(new Error(`upgrade refused: ${this.buf.toString('latin1', 0, end)}`)); return; }
      this.upgraded = true;
      this.buf = this.buf.subarray(end + 4);
      this.onUpgrade();
    }
    for (;;) {
      if (this.buf.length < 2) return;
      const opcode = this.buf[0]! & 0x0f;
      let len = this.buf[1]! & 0x7f, off = 2;
      if (len === 126) { if (this.buf.length < 4) return; len = this.buf.readUInt16BE(2); off = 4; }
      else if (len === 127) { if (this.buf.length < 10) return; len = Number(this.buf.readBigUInt64BE(2)); off = 10; }
      if (this.buf.length < off + len) return;
      const payload = this.buf.subarray(off, off + len);
      this.buf = this.buf.subarray(off + len);
      if (opcode === 0x9) { this.socket.write(maskedFrame(payload, 0xa)); continue; } // a ping: answer it, as any live client does
      for (const l of [...this.listeners]) l(payload, opcode);
    }
  }
}
