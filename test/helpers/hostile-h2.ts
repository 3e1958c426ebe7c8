/**
 * Seeded hostile byte sequences for an h2c (gRPC) port: HTTP/1 garbage, bad or
 * truncated HTTP/2 connection prefaces, and a valid preface followed by malformed
 * frames — bad SETTINGS, frames on stream 0 that belong to streams and the reverse,
 * oversize and truncated frames, garbage HPACK, CONTINUATION without HEADERS,
 * zero window updates, and a real gRPC call (`/remote.Remoting/Receive`) whose
 * length-prefixed messages lie about their size or compression.
 *
 * @example
 *   const bytes = hostileH2(new SeededRandom(7));
 *   socket.end(bytes.bytes);
 */
import { cleanRequest, finalRequest } from './hostile-http.js';
import type { SeededRandom } from './seeded-random.js';

export const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

const DATA = 0x0, HEADERS = 0x1, PRIORITY = 0x2, RST_STREAM = 0x3, SETTINGS = 0x4, PUSH_PROMISE = 0x5, PING = 0x6, GOAWAY = 0x7, WINDOW_UPDATE = 0x8, CONTINUATION = 0x9;
const END_STREAM = 0x1, END_HEADERS = 0x4, ACK = 0x1;

export function frame(type: number, flags: number, stream: number, payload: Buffer, lengthOverride?: number): Buffer {
  const h = Buffer.alloc(9);
  h.writeUIntBE(lengthOverride ?? payload.length, 0, 3);
  h[3] = type;
  h[4] = flags;
  h.writeUInt32BE(stream >>> 0, 5);
  return Buffer.concat([h, payload]);
}

function u32(n: number): Buffer { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b; }
function setting(id: number, value: number): Buffer { const b = Buffer.alloc(6); b.writeUInt16BE(id); b.writeUInt32BE(value >>> 0, 2); return b; }

/** HPACK "literal header field without indexing, new name" (names and values under 127 bytes). */
function literal(name: string, value: string): Buffer {
  const n = Buffer.from(name, 'latin1'), v = Buffer.from(value, 'latin1');
  return Buffer.concat([Buffer.from([0x00, n.length]), n, Buffer.from([v.length]), v]);
}

/** The request headers of a gRPC call to the remoting service (no token). */
export function grpcCallHeaders(path = '/remote.Remoting/Receive'): Buffer {
  return Buffer.concat([
    literal(':method', 'POST'), literal(':scheme', 'http'), literal(':path', path), literal(':authority', 'x'),
    literal('content-type', 'application/grpc'), literal('te', 'trailers'),
  ]);
}

/** A length-prefixed gRPC message (flag, 4-byte length, bytes), optionally lying about its length. */
function grpcMessage(rnd: SeededRandom): Buffer {
  const body = rnd.bytes(rnd.int(0, 64));
  const flag = rnd.weighted([[6, 0], [2, 1], [1, 0xff]] as const);
  const len = rnd.weighted([[5, body.length], [1, 0xffffffff], [1, 9 * 1024 * 1024], [1, body.length + 10]] as const);
  return Buffer.concat([Buffer.from([flag]), u32(len), body]);
}

function badFrame(rnd: SeededRandom, stream: number): Buffer {
  const shapes: (() => Buffer)[] = [
    () => frame(SETTINGS, 0, 0, rnd.bytes(rnd.int(1, 5))), // not a multiple of 6
    () => frame(SETTINGS, ACK, 0, rnd.bytes(6)), // ACK with a payload
    () => frame(SETTINGS, 0, 1, setting(0x1, 4096)), // SETTINGS on a stream
    () => frame(SETTINGS, 0, 0, Buffer.concat([setting(0x4, 0x80000000), setting(0x5, 1), setting(0x2, 2)])), // window > 2^31-1, frame size < 16384, push = 2
    () => frame(SETTINGS, 0, 0, Buffer.concat(Array.from({ length: rnd.int(1, 200) }, () => setting(rnd.int(0, 0xffff), rnd.next())))),
    () => frame(PING, 0, 0, rnd.bytes(rnd.pick([0, 7, 9]))),
    () => frame(PING, 0, 3, rnd.bytes(8)),
    () => frame(WINDOW_UPDATE, 0, rnd.pick([0, stream]), u32(0)),
    () => frame(WINDOW_UPDATE, 0, 0, u32(0x7fffffff)),
    () => frame(WINDOW_UPDATE, 0, 0, rnd.bytes(3)),
    () => frame(RST_STREAM, 0, 0, u32(8)),
    () => frame(RST_STREAM, 0, rnd.int(1, 99) * 2 + 1, u32(rnd.next())),
    () => frame(GOAWAY, 0, 0, Buffer.concat([u32(0), u32(rnd.int(0, 13)), rnd.bytes(rnd.int(0, 20))])),
    () => frame(GOAWAY, 0, 5, u32(0)),
    () => frame(PRIORITY, 0, stream, Buffer.concat([u32(stream), Buffer.from([16])])), // depends on itself
    () => frame(PRIORITY, 0, 0, rnd.bytes(5)),
    () => frame(PUSH_PROMISE, END_HEADERS, stream, Buffer.concat([u32(2), grpcCallHeaders()])), // clients never push
    () => frame(CONTINUATION, END_HEADERS, stream, rnd.bytes(rnd.int(0, 30))), // no HEADERS before it
    () => frame(HEADERS, END_HEADERS, 0, grpcCallHeaders()), // headers on stream 0
    () => frame(HEADERS, END_HEADERS, 2, grpcCallHeaders()), // an even (server) stream id
    () => frame(HEADERS, END_HEADERS | rnd.pick([0, END_STREAM]), stream, rnd.bytes(rnd.int(1, 60))), // garbage HPACK
    () => frame(HEADERS, END_HEADERS, stream, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])), // an index far past the table
    () => frame(HEADERS, 0x8 | END_HEADERS, stream, Buffer.from([200, ...grpcCallHeaders()])), // padding longer than the frame
    () => frame(DATA, 0, stream, grpcMessage(rnd)), // DATA on an idle stream
    () => frame(DATA, 0, 0, rnd.bytes(10)),
    () => frame(rnd.int(0x0a, 0xff), rnd.int(0, 0xff), rnd.next() & 0x7fffffff, rnd.bytes(rnd.int(0, 40))), // unknown type
    () => frame(DATA, 0, stream, rnd.bytes(20), 0xffffff), // longer than the max frame size, truncated
    () => frame(HEADERS, END_HEADERS, stream, grpcCallHeaders()).subarray(0, rnd.int(1, 20)), // truncated mid-frame
  ];
  return rnd.pick(shapes)();
}

/** A gRPC call opened properly, then fed lying messages and odd frames. */
function hostileCall(rnd: SeededRandom): Buffer {
  const stream = 1;
  const parts = [H2_PREFACE, frame(SETTINGS, 0, 0, Buffer.alloc(0)), frame(HEADERS, END_HEADERS, stream, grpcCallHeaders(rnd.chance(0.8) ? '/remote.Remoting/Receive' : rnd.pick(['/remote.Remoting/ListProcesses', '/x/y', '/', '']))) ];
  const n = rnd.int(1, 6);
  for (let i = 0; i < n; i++) parts.push(rnd.chance(0.6) ? frame(DATA, rnd.chance(0.2) ? END_STREAM : 0, stream, grpcMessage(rnd)) : badFrame(rnd, stream));
  return Buffer.concat(parts);
}

export interface HostileBytes {
  bytes: Buffer;
  category: string;
}

export function hostileH2(rnd: SeededRandom): HostileBytes {
  return rnd.weighted<() => HostileBytes>([
    [2, () => ({ bytes: finalRequest(rnd, { host: 'x' }).bytes, category: 'http1-garbage' })],
    [1, () => ({ bytes: cleanRequest(rnd, { host: 'x' }).bytes, category: 'http1-request' })],
    [2, () => {
      const p = Buffer.from(H2_PREFACE);
      const cut = rnd.chance(0.5);
      if (!cut) p[rnd.int(0, p.length - 1)] = rnd.next() & 0xff;
      return { bytes: cut ? p.subarray(0, rnd.int(1, p.length - 1)) : p, category: 'bad-preface' };
    }],
    [5, () => ({ bytes: Buffer.concat([H2_PREFACE, frame(SETTINGS, 0, 0, Buffer.alloc(0)), ...Array.from({ length: rnd.int(1, 5) }, () => badFrame(rnd, rnd.int(0, 20) * 2 + 1))]), category: 'bad-frames' })],
    [4, () => ({ bytes: hostileCall(rnd), category: 'hostile-grpc-call' })],
    [1, () => ({ bytes: Buffer.concat([H2_PREFACE, rnd.bytes(rnd.int(1, 400))]), category: 'preface-then-random' })],
    [1, () => ({ bytes: rnd.bytes(rnd.int(1, 1000)), category: 'random' })],
  ])();
}

/** Whether `received` (what an h2 server wrote, from its first byte) holds a GOAWAY frame. */
export function sentGoaway(received: Buffer): boolean {
  let at = 0;
  while (at + 9 <= received.length) {
    if (received[at + 3] === GOAWAY) return true;
    at += 9 + received.readUIntBE(at, 3);
  }
  return false;
}

/** A valid preface and SETTINGS, then a SETTINGS frame of 4 bytes (FRAME_SIZE_ERROR: the server answers GOAWAY). */
export function malformedSettings(): Buffer {
  return Buffer.concat([H2_PREFACE, frame(SETTINGS, 0, 0, Buffer.alloc(0)), frame(SETTINGS, 0, 0, Buffer.alloc(4))]);
}
