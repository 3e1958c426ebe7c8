/**
 * The embedded issuer with a running gateway process: its JWKS is served over
 * HTTP for other verifiers, and `rosetta keys rotate` in another shell takes
 * effect without a restart — tokens signed by the new key are accepted, tokens
 * signed by the old one stay valid, and the served JWKS lists both.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeProtectedHeader } from 'jose';
import { WebSocket } from 'ws';
import { RosettaClient } from '../../../adapters/ts/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { eventually } from '../../helpers/wait.js';

const bin = fileURLToPath(new URL('../../../../bin/rosetta.mjs', import.meta.url));
const WS = WebSocket as unknown as NonNullable<Parameters<typeof RosettaClient.connect>[0]['WebSocket']>;
let gw: GatewayProcess;
let dataDir: string;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rosetta-rotate-'));
  gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
});
after(async () => { await gw?.stop(); });

const http = (path: string) => fetch(gw.wsUrl.replace('ws://', 'http://') + path);
const cli = (...args: string[]) => execFileSync(process.execPath, [bin, ...args, '--data-dir', dataDir], { encoding: 'utf8' }).trim();
const echo = async (token: string) => {
  const c = await RosettaClient.connect({ url: gw.wsUrl, token, WebSocket: WS, reconnect: false });
  try { return await c.request({ id: 'echo' }, 'ok'); } finally { c.close(); }
};

test('the JWKS is served; a key rotated in another shell is used without a restart; old tokens stay valid', async () => {
  assert.deepEqual(await (await http('/healthz')).json(), { status: 'ok' });
  const before = await (await http('/.well-known/jwks.json')).json() as { keys: { kid: string; kty: string; d?: string }[] };
  assert.equal(before.keys.length, 1);
  assert.equal(before.keys[0]!.kty, 'OKP');
  assert.equal(before.keys[0]!.d, undefined, 'no private key material is served');
  const oldToken = cli('token', 'create', '--tenant', 'dev', '--sub', 'old');
  assert.equal(await echo(oldToken), 'ok');

  cli('keys', 'rotate');
  const newToken = cli('token', 'create', '--tenant', 'dev', '--sub', 'new');
  assert.notEqual(decodeProtectedHeader(newToken).kid, decodeProtectedHeader(oldToken).kid);
  // The gateway re-reads the key file at most once a second: the new key is accepted within that.
  assert.equal(await eventually(() => echo(newToken), 3000), 'ok');
  assert.equal(await echo(oldToken), 'ok');
  const after = await (await http('/.well-known/jwks.json')).json() as { keys: { kid: string }[] };
  assert.deepEqual(after.keys.map((k) => k.kid).sort(), [decodeProtectedHeader(newToken).kid, decodeProtectedHeader(oldToken).kid].sort());
  assert.equal((await http('/anything-else')).status, 426);
});
