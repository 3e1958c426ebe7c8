/**
 * `remote.Remoting/ListProcesses` and `GetProcessDiagnostics` on a real gateway
 * process, called as unary gRPC with bearer tokens: answers come from the caller's
 * tenant only and are limited to the ids its token may send to.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { WebSocket } from 'ws';
import { RosettaClient } from '../../../adapters/ts/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';

const bin = fileURLToPath(new URL('../../../../bin/rosetta.mjs', import.meta.url));
const protoDir = fileURLToPath(new URL('../../../../protocol/proto/', import.meta.url));
const WS = WebSocket as unknown as NonNullable<Parameters<typeof RosettaClient.connect>[0]['WebSocket']>;
const identity = (b: Buffer): Buffer => b;

let gw: GatewayProcess;
let dataDir: string;
let root: protobuf.Root;
let client: grpc.Client;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rosetta-diag-'));
  gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
  root = new protobuf.Root();
  root.resolvePath = (_o, target) => (target === 'actor.proto' ? join(protoDir, 'actor.proto') : target);
  await root.load(join(protoDir, 'remote-v2025', 'remote.proto'), { keepCase: true });
  client = new grpc.Client(gw.address, grpc.credentials.createInsecure());
});
after(async () => { client?.close(); await gw?.stop(); });

const token = (...args: string[]) => execFileSync(process.execPath, [bin, 'token', 'create', ...args, '--data-dir', dataDir], { encoding: 'utf8' }).trim();

function call(method: 'ListProcesses' | 'GetProcessDiagnostics', request: object, jwt?: string): Promise<Record<string, any>> {
  const [req, res] = method === 'ListProcesses' ? ['ListProcessesRequest', 'ListProcessesResponse'] : ['GetProcessDiagnosticsRequest', 'GetProcessDiagnosticsResponse'];
  const Req = root.lookupType(`remote.${req}`), Res = root.lookupType(`remote.${res}`);
  const md = new grpc.Metadata();
  if (jwt) md.set('authorization', `Bearer ${jwt}`);
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(`/remote.Remoting/${method}`, identity, identity, Buffer.from(Req.encode(Req.fromObject(request)).finish()), md, (err, out) => {
      if (err) reject(err); else resolve(Res.toObject(Res.decode(out!), { defaults: true }) as Record<string, any>);
    });
  });
}
const ids = (r: Record<string, any>) => (r['pids'] as { Id: string }[]).map((p) => p.Id).sort();
const code = (c: grpc.status) => (e: { code?: number }) => e.code === c;

test('ListProcesses: part, exact and regex matches over the caller tenant; diagnostics of one process', async () => {
  const dev = token('--tenant', 'dev', '--sub', 'ops');
  const c = await RosettaClient.connect({ url: gw.wsUrl, token: dev, WebSocket: WS, reconnect: false });
  await c.request({ id: 'counter/a' }, 'inc');
  await c.request({ id: 'counter/b' }, 'inc');
  c.close();

  assert.deepEqual(ids(await call('ListProcesses', { pattern: 'echo', type: 0 }, dev)), ['echo', 'trace-echo']);
  assert.deepEqual(ids(await call('ListProcesses', { pattern: 'echo', type: 1 }, dev)), ['echo']);
  assert.deepEqual(ids(await call('ListProcesses', { pattern: '^counter/[ab]$', type: 2 }, dev)), ['counter/a', 'counter/b']);
  assert.equal((await call('ListProcesses', { pattern: 'echo', type: 1 }, dev))['pids'][0].Address, gw.address);

  const d = JSON.parse((await call('GetProcessDiagnostics', { pid: { Address: gw.address, Id: 'counter/a' } }, dev))['diagnostics_string']);
  assert.equal(d.process, 'actor');
  assert.equal(d.state, 'idle');
  assert.deepEqual(d.virtual, { kind: 'counter', identity: 'a' });
  assert.equal(d.mailbox.user, 0);

  // another tenant sees none of it; a limited token sees only what it may send to
  assert.deepEqual(ids(await call('ListProcesses', { pattern: 'counter/', type: 0 }, token('--tenant', 'other', '--sub', 'ops'))), []);
  assert.deepEqual(ids(await call('ListProcesses', { pattern: '', type: 0 }, token('--tenant', 'dev', '--sub', 'lim', '--allow-send', 'counter/*'))), ['counter/a', 'counter/b']);
  await assert.rejects(call('GetProcessDiagnostics', { pid: { Id: 'echo' } }, token('--tenant', 'dev', '--sub', 'lim', '--allow-send', 'counter/*')), code(grpc.status.NOT_FOUND));
});

test('ListProcesses / GetProcessDiagnostics refuse: no token, a backtracking regex, a missing process', async () => {
  const dev = token('--tenant', 'dev', '--sub', 'ops');
  await assert.rejects(call('ListProcesses', { pattern: 'echo', type: 0 }), code(grpc.status.UNAUTHENTICATED));
  await assert.rejects(call('ListProcesses', { pattern: '(a+)+$', type: 2 }, dev), code(grpc.status.INVALID_ARGUMENT));
  await assert.rejects(call('ListProcesses', { pattern: '[', type: 2 }, dev), code(grpc.status.INVALID_ARGUMENT));
  await assert.rejects(call('GetProcessDiagnostics', { pid: { Id: 'nobody' } }, dev), code(grpc.status.NOT_FOUND));
  assert.deepEqual(ids(await call('ListProcesses', { pattern: 'echo', type: 1 }, dev)), ['echo'], 'still serving');
});
