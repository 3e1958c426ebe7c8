/**
 * The TS client against real gateway processes: reconnect with backoff and
 * re-registration after the gateway restarts, status stream, async-iterator
 * subscriptions, and a token that expires mid-connection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { RosettaClient, TokenExpiredError, type Status } from '../../../adapters/ts/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { freePort } from '../../helpers/go-peer.js';
import { waitFor } from '../../helpers/wait.js';

const bin = fileURLToPath(new URL('../../../../bin/rosetta.mjs', import.meta.url));
const WS = WebSocket as unknown as NonNullable<Parameters<typeof RosettaClient.connect>[0]['WebSocket']>;

test('ts client - reconnects after the gateway restarts, re-registers its names, reports status', async () => {
  const [grpcPort, wsPort] = [await freePort(), await freePort()];
  const args = ['--grpc-port', String(grpcPort), '--ws-port', String(wsPort)];
  let gw = await GatewayProcess.start(args);
  const client = await RosettaClient.connect({ url: gw.wsUrl, WebSocket: WS, reconnect: { initialMs: 50, maxMs: 500 } });
  const seen: Status[] = [];
  const statuses = client.status();
  void (async () => { for await (const s of statuses) seen.push(s); })();
  try {
    await client.register('desk', (m, ctx) => ctx.respond(`desk: ${String(m)}`));
    const other = await RosettaClient.connect({ url: gw.wsUrl, WebSocket: WS, reconnect: false });
    assert.equal(await other.request({ id: 'desk' }, 'one'), 'desk: one');
    await gw.stop();
    assert.ok(await other.closed instanceof Error, 'a client without reconnect ends with an error');
    gw = await GatewayProcess.start(args);
    await waitFor(() => seen.includes('open'), 10_000, 'the client to reconnect');
    assert.deepEqual(seen, ['reconnecting', 'open']);
    const again = await RosettaClient.connect({ url: gw.wsUrl, WebSocket: WS });
    assert.equal(await again.request({ id: 'desk' }, 'two'), 'desk: two');
    again.close();
  } finally {
    client.close();
    assert.equal(await client.closed, undefined);
    await gw.stop();
  }
  assert.equal(seen.at(-1), 'closed');
});

test('ts client - subscriptions deliver as an async iterator', async () => {
  const gw = await GatewayProcess.start();
  try {
    const a = await RosettaClient.connect({ url: gw.wsUrl, WebSocket: WS });
    const b = await RosettaClient.connect({ url: gw.wsUrl, WebSocket: WS });
    const sub = a.subscribe();
    for (let i = 0; i < 5; i++) b.send(sub.pid, `m${i}`);
    const got: unknown[] = [];
    for await (const { message } of sub.messages) { got.push(message); if (got.length === 5) break; }
    assert.deepEqual(got, ['m0', 'm1', 'm2', 'm3', 'm4']);
    a.close(); b.close();
  } finally { await gw.stop(); }
});

test('ts client - a watch of a registered name is told when the actor behind it stops (the Terminated names that actor)', async () => {
  const gw = await GatewayProcess.start();
  try {
    const host = await RosettaClient.connect({ url: gw.wsUrl, WebSocket: WS });
    const watcher = await RosettaClient.connect({ url: gw.wsUrl, WebSocket: WS });
    await host.register('watched-desk', (m, ctx) => ctx.respond(String(m)));
    const byName = watcher.watch({ id: 'watched-desk' });
    assert.equal(await watcher.request({ id: 'watched-desk' }, 'sync'), 'sync'); // the Watch arrived first
    host.stop((await host.lookup('watched-desk'))!);
    const t = await Promise.race([byName.terminated, new Promise<never>((_, no) => setTimeout(() => no(new Error('the watch of the name was never told')), 5000))]);
    assert.equal(t.why, 'stopped');
    assert.ok(t.who.id.endsWith('/named/watched-desk'), `Terminated names the actor: ${t.who.id}`);
    host.close(); watcher.close();
  } finally {
    await gw.stop();
  }
});

test('ts client - a token that expires mid-connection ends the client with TokenExpiredError', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rosetta-exp-'));
  const gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
  try {
    const token = execFileSync(process.execPath, [bin, 'token', 'create', '--tenant', 'dev', '--sub', 'brief', '--ttl', '2s', '--data-dir', dataDir], { encoding: 'utf8' }).trim();
    const c = await RosettaClient.connect({ url: gw.wsUrl, token, WebSocket: WS });
    assert.equal(await c.request({ id: 'echo' }, 'still valid'), 'still valid');
    const end = await c.closed;
    assert.ok(end instanceof TokenExpiredError, `got ${end}`);
    assert.equal((end as TokenExpiredError).code, 'UNAUTHENTICATED');
  } finally { await gw.stop(); }
});
