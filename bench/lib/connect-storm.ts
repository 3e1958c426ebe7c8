/**
 * A minimal WebSocket connect load generator in its own process, so the client side
 * costs as little as possible and the figure is the server's: raw TCP, one
 * pre-built write per connection (HTTP upgrade + a masked hello frame carrying the
 * token), done when the 101 and the first frame back (welcome, or the echo) have
 * arrived, then the socket is dropped.
 *
 * usage: node connect-storm.js <host> <port> <subprotocol|-> <connections> <concurrency> <tokens-file>
 * prints {"event":"done","connects":N,"failures":N,"seconds":S}
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { encodeWsFrame } from '../../protocol/index.js';
import { maskedFrame } from './raw-ws-connection.js';

const [host, portText, subprotocol, totalText, concurrencyText, tokensFile] = process.argv.slice(2);
const port = Number(portText), total = Number(totalText), concurrency = Number(concurrencyText);
const tokens = JSON.parse(readFileSync(tokensFile!, 'utf8')) as string[];

const requests = tokens.map((token) => Buffer.concat([
  Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${subprotocol === '-' ? '' : `Sec-WebSocket-Protocol: ${subprotocol}\r\n`}\r\n`),
  maskedFrame(encodeWsFrame({ type: 'hello', token, client: 'storm' })),
]));

/** Once the response head and one whole server frame are in `buf`: whether it was a 101 and no error frame; else undefined. */
function outcome(buf: Buffer): boolean | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  if (buf.toString('latin1', 0, 12) !== 'HTTP/1.1 101') return false;
  const f = end + 4;
  if (buf.length < f + 2) return undefined;
  let len = buf[f + 1]! & 0x7f, off = f + 2;
  if (len === 126) { if (buf.length < off + 2) return undefined; len = buf.readUInt16BE(off); off += 2; }
  if (buf.length < off + len) return undefined;
  return !(buf[off] === 0x94 && buf[off + 1] === 0x03); // msgpack [3, …] is an error frame
}

let started = 0, connects = 0, failures = 0;
function one(): Promise<void> {
  const req = requests[started++ % requests.length]!;
  return new Promise((resolve) => {
    const s = connect({ host, port, noDelay: true });
    let buf = Buffer.alloc(0);
    s.on('connect', () => s.write(req));
    s.on('data', (d) => {
      buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
      const ok = outcome(buf);
      if (ok === undefined) return;
      if (ok) connects++; else failures++;
      s.destroy();
      resolve();
    });
    s.on('error', () => { failures++; resolve(); });
    s.on('close', () => resolve());
  });
}

const t0 = performance.now();
await Promise.all(Array.from({ length: concurrency }, async () => { while (started < total) await one(); }));
process.stdout.write(JSON.stringify({ event: 'done', connects, failures, seconds: (performance.now() - t0) / 1000 }) + '\n');
