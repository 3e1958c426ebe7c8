/**
 * WebSocket liveness with a real gateway process (`--ping-interval-ms 100`): a
 * client that stops answering pings is dropped within two intervals and its actors
 * are terminated for their watchers; a client that answers stays connected.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { RosettaClient } from '../../../adapters/ts/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { waitFor } from '../../helpers/wait.js';

let pings = 0;
/** A `ws` WebSocket that counts the gateway's pings (and answers them, as ws does). */
class CountingWebSocket extends WebSocket {
  constructor(url: string, protocols: string[]) { super(url, protocols); this.on('ping', () => { pings++; }); }
}
const WS = CountingWebSocket as unknown as NonNullable<Parameters<typeof RosettaClient.connect>[0]['WebSocket']>;
/** A `ws` WebSocket that never answers pings, as a peer that hung or vanished behind a NAT would. */
class SilentWebSocket extends WebSocket {
  constructor(url: string, protocols: string[]) { super(url, protocols, { autoPong: false }); }
}

let gw: GatewayProcess;
before(async () => { gw = await GatewayProcess.start(['--ping-interval-ms', '100']); });
after(async () => { await gw?.stop(); });

test('ws liveness: a client that stops answering pings is dropped and its actors terminated; a live one stays', async () => {
  const silent = await RosettaClient.connect({ url: gw.wsUrl, WebSocket: SilentWebSocket as never, reconnect: false });
  const live = await RosettaClient.connect({ url: gw.wsUrl, WebSocket: WS, reconnect: false });
  try {
    const hosted = silent.spawn(() => {}, 'hung');
    const watch = live.watch(hosted);
    const t0 = Date.now();
    assert.ok(await silent.closed instanceof Error, 'the silent client was disconnected');
    assert.ok(Date.now() - t0 < 2000, `dropped after ${Date.now() - t0} ms`);
    assert.equal((await watch.terminated).why, 'address-terminated');
    const after = pings;
    await waitFor(() => pings >= after + 3, 5000, 'three more pings to the live client'); // it answered each one
    assert.equal(await live.request({ id: 'echo' }, 'still here'), 'still here');
  } finally { silent.close(); live.close(); }
});
