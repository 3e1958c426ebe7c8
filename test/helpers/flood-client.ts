/**
 * A noisy WebSocket client in its own process (so its load does not share the
 * test's event loop): connects with a token and sends `batch` envelopes per turn
 * to `target` for `seconds`, then prints
 * `{"event":"flooded","sent":N,"refused":N}` — refused = envelopes the gateway
 * reported as RESOURCE_EXHAUSTED. Prints `{"event":"flooding"}` once it started.
 *
 * usage: node flood-client.js <ws-url> <token> <target-id> <seconds> [batch]
 */
import { WebSocket } from 'ws';
import { RosettaClient } from '../../adapters/ts/index.js';

const [url, token, target, seconds, batchText] = process.argv.slice(2);
const batch = Number(batchText ?? 500);
const client = await RosettaClient.connect({ url: url!, token, WebSocket: WebSocket as never, reconnect: false });
let refused = 0;
void (async () => {
  for await (const e of client.errors(1_000_000)) {
    const m = /: (\d+) envelopes refused/.exec(e.message);
    if (e.code === 'RESOURCE_EXHAUSTED') refused += m ? Number(m[1]) : 1;
  }
})();
let sent = 0;
const until = Date.now() + Number(seconds) * 1000;
process.stdout.write(JSON.stringify({ event: 'flooding' }) + '\n');
while (Date.now() < until) {
  for (let i = 0; i < batch; i++) client.send({ id: target! }, 'x');
  sent += batch;
  await new Promise((r) => setImmediate(r));
}
await new Promise((r) => setTimeout(r, 300)); // the last error frames
process.stdout.write(JSON.stringify({ event: 'flooded', sent, refused }) + '\n');
client.close();
