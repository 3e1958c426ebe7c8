/**
 * Child process for many-connections: opens N WebSocket sessions to a gateway (raw
 * TCP, a hello each; pings are answered by RawWsConnection) and holds them open
 * until stdin closes. Prints {"event":"holding","n":N} once all are welcomed.
 *
 * usage: node idle-holders.js <ws-url> <n> [token]
 */
import { encodeWsFrame, WS_SUBPROTOCOL_MSGPACK } from '../../protocol/index.js';
import { maskedFrame, RawWsConnection } from './raw-ws-connection.js';

const [url, nText, token = ''] = process.argv.slice(2);
const n = Number(nText);
const held: RawWsConnection[] = [];
const hello = maskedFrame(encodeWsFrame({ type: 'hello', token, client: 'holder' }));
for (let i = 0; i < n; i += 200) {
  await Promise.all(Array.from({ length: Math.min(200, n - i) }, async () => {
    const c = await RawWsConnection.open(url!, WS_SUBPROTOCOL_MSGPACK);
    const welcome = c.next();
    c.socket.write(hello);
    await welcome;
    held.push(c);
  }));
}
process.stdout.write(JSON.stringify({ event: 'holding', n: held.length }) + '\n');
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
