/**
 * A noisy WebSocket client in its own process (so its load does not share the
 * test's event loop): connects with a token and sends `batch` envelopes per turn
 * to `target` for `seconds`, then prints
 * `{"event":"flooded","sent":N,"refused":N}` — refused = envelopes the gateway
 * reported as RESOURCE_EXHAUSTED. Prints `{"event":"flooding"}` once it started.
 * The target must answer the request 'report' (the dev gateway's `sink` does).
 *
 * usage: node flood-client.js <ws-url> <token> <target-id> <seconds> [batch]
 */
import { WebSocket } from 'ws';
import { RosettaClient } from '../../adapters/ts/index.js';

const [url, token, target, seconds, batchText] = process.argv.slice(2);
const batch = Number(batchText ?? 500);
const client = await RosettaClient.connect({ url: url!, token, WebSocket: WebSocket as never, reconnect: false });
let refused = 0;
// Ends when the client has closed, after every error frame that came before the close.
const counted = (async () => {
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
// The gateway handles a connection's frames in order and refuses a batch as it handles it: the
// answer to a request sent after the flood (the target's reply, or RESOURCE_EXHAUSTED while still
// over the rate) comes after the error frames of every batch before it. Then close, and count
// what was received up to the close.
await client.request({ id: target! }, 'report', { timeoutMs: 10_000 }).catch((e: Error & { code?: string }) => {
  if (e.code === 'DEADLINE_EXCEEDED' || e.code === 'UNAVAILABLE') throw e; // no answer: no ordering to rely on
});
client.close();
await counted;
process.stdout.write(JSON.stringify({ event: 'flooded', sent, refused }) + '\n');
