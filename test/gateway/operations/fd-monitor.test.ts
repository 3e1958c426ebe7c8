/**
 * File-descriptor exhaustion made visible: the check against an injected probe,
 * and a real gateway process started with a small descriptor limit (prlimit) whose
 * log says so — rate-limited — while it keeps serving the connections it has.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { RosettaClient } from '../../../adapters/ts/index.js';
import { RateLimitedLog } from '../../../gateway/log/rate-limited-log.js';
import { checkFds } from '../../../gateway/operations/fd-monitor.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';

const WS = WebSocket as unknown as NonNullable<Parameters<typeof RosettaClient.connect>[0]['WebSocket']>;

test('fd monitor: warns near the limit and when exhausted, rate-limited per kind', async () => {
  const lines: string[] = [];
  let t = 0;
  const log = new RateLimitedLog({ info: () => {}, error: () => {}, warn: (m) => lines.push(m) }, 1000, () => t);
  const probe = (used: number) => ({ count: async () => used, limit: () => 100 });
  assert.equal(await checkFds(log, probe(50)), 0.5);
  assert.equal(lines.length, 0);
  await checkFds(log, probe(95));
  await checkFds(log, probe(99));
  await checkFds(log, probe(99));
  assert.deepEqual(lines.map((l) => l.split(':')[0]), ['near the file-descriptor limit', 'out of file descriptors']);
  t += 1001;
  await checkFds(log, probe(100));
  assert.equal(lines.length, 3);
  assert.ok(Number.isNaN(await checkFds(log, { count: async () => 1, limit: () => undefined })));
  t += 1001;
  const emfile = Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
  assert.equal(await checkFds(log, { count: async () => { throw emfile; }, limit: () => 100 }), 1, 'a probe that cannot open /proc/self/fd is the exhaustion itself');
  assert.equal(lines.length, 4);
});

test('fd monitor: a gateway out of descriptors logs it (rate-limited) and keeps serving its live clients', async () => {
  const gw = await GatewayProcess.start([], { prlimitNofile: 160 });
  const sockets: Socket[] = [];
  try {
    const live = await RosettaClient.connect({ url: gw.wsUrl, WebSocket: WS, reconnect: false });
    const port = Number(new URL(gw.wsUrl.replace('ws:', 'http:')).port);
    for (let i = 0; i < 300; i++) { const s = connect(port, '127.0.0.1'); s.on('error', () => {}); sockets.push(s); }
    await gw.waitStderr(/out of file descriptors/, 10_000);
    for (const s of sockets) s.destroy();
    assert.equal(await live.request({ id: 'echo' }, 'still served'), 'still served');
    const warnings = gw.stderr.split('\n').filter((l) => /out of file descriptors|near the file-descriptor limit/.test(l));
    assert.ok(warnings.length <= 4, `rate-limited: ${warnings.length} lines`);
    live.close();
  } finally {
    for (const s of sockets) s.destroy();
    await gw.stop();
  }
});
