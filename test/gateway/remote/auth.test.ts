/**
 * Tokens on the gRPC transport, with a real gateway (`rosetta dev --auth`) and
 * real protoactor-go peers presenting `authorization: Bearer` metadata.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { encodeRemoteMessage } from '../../../protocol/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { GoPeer } from '../../helpers/go-peer.js';

const bin = fileURLToPath(new URL('../../../../bin/rosetta.mjs', import.meta.url));
const identity = (b: Buffer): Buffer => b;

const goWithToken = (token: string | undefined): Promise<GoPeer> => GoPeer.start('v2025', token ? ['--token', token] : []);

describe('remote - JWT on gRPC streams', () => {
  let dataDir: string;
  let gw: GatewayProcess;
  let devToken: string;
  const peers: GoPeer[] = [];
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rosetta-auth-'));
    gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
    devToken = gw.events.find((e) => e['event'] === 'listening')!['devToken'] as string;
  });
  after(async () => { for (const p of peers) await p.exit(); await gw?.stop(); });

  const request = (go: GoPeer, id: string, text = 'hi', timeoutMs = 4000) =>
    go.call({ op: 'request', address: gw.address, id, text, timeoutMs }, (e) => e['event'] === 'reply' || e['event'] === 'error', timeoutMs + 15_000);

  test('dev mode prints a token for the dev tenant, and a Go node presenting it is served', async () => {
    assert.match(devToken, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    const go = await goWithToken(devToken);
    peers.push(go);
    assert.deepEqual(await request(go, 'echo'), { event: 'reply', text: 'hi' });
  });

  test('a Go node without a token is refused: UNAUTHENTICATED, logged with its reason, its request fails', async () => {
    const go = await goWithToken(undefined);
    peers.push(go);
    const r = await request(go, 'echo', 'hi', 2000);
    assert.equal(r['event'], 'error');
    await gw.waitStderr(/authentication failed.*"reason":"missing"/);
  });

  test("a token's send permissions are enforced per envelope: denied targets answer ErrDeadLetter", async () => {
    const token = execFileSync(process.execPath, [bin, 'token', 'create', '--tenant', 'dev', '--sub', 'limited', '--allow-send', 'counter/*', '--ttl', '5m', '--data-dir', dataDir], { encoding: 'utf8' }).trim();
    const go = await goWithToken(token);
    peers.push(go);
    assert.deepEqual(await request(go, 'counter/a', 'inc'), { event: 'reply', text: '1' });
    assert.deepEqual(await request(go, 'echo'), { event: 'error', error: 'dead-letter' });
    await gw.waitStderr(/envelope refused.*"subject":"limited".*"target":"echo".*"reason":"send-not-allowed"/);
  });

  test('raw streams: a forged HS256 token and garbage are refused; a token expiring mid-connection closes the stream', async () => {
    const open = (token: string) => {
      const client = new grpc.Client(gw.address, grpc.credentials.createInsecure());
      const md = new grpc.Metadata();
      md.set('authorization', `Bearer ${token}`);
      const stream = client.makeBidiStreamRequest('/remote.Remoting/Receive', identity, identity, md);
      stream.on('error', () => {});
      stream.on('data', () => {});
      const status = new Promise<grpc.StatusObject>((r) => stream.on('status', r));
      stream.write(Buffer.from(encodeRemoteMessage({ kind: 'connect-request', connection: { type: 'client', memberId: 'raw' } }, { dialect: 'v2025' })));
      return { status, close: () => { stream.cancel(); client.close(); } };
    };
    const payload = devToken.split('.')[1];
    const forged = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')}.${payload}.c2lnbmF0dXJl`;
    for (const [token, reason] of [[forged, /alg-not-allowed/], ['garbage', /malformed/]] as const) {
      const s = open(token);
      const st = await s.status;
      s.close();
      assert.equal(st.code, grpc.status.UNAUTHENTICATED);
      assert.match(st.details, reason);
    }
    const short = execFileSync(process.execPath, [bin, 'token', 'create', '--tenant', 'dev', '--sub', 'brief', '--ttl', '2s', '--data-dir', dataDir], { encoding: 'utf8' }).trim();
    const t0 = Date.now();
    const s = open(short);
    const st = await s.status;
    s.close();
    assert.equal(st.code, grpc.status.UNAUTHENTICATED);
    assert.match(st.details, /expired/);
    assert.ok(Date.now() - t0 >= 900, 'closed at expiry, not at connect');
  });
});
