/**
 * The auth catalogue on both transports, against a real gateway process trusting
 * three issuers besides its embedded one (a local JWKS file, an RSA key set, and a
 * remote JWKS URL served here). Every case runs over a raw WebSocket and a raw gRPC
 * stream, asserts the exact status code and reason, and checks that nothing was
 * delivered: each case sends `inc` to its own `counter/<case>` virtual actor, and
 * afterwards that counter, read with a valid token of the intended tenant, is 0.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { createHmac } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { WebSocket } from 'ws';
import { RosettaClient, type Typed } from '../../../adapters/ts/index.js';
import { decodePayload, encodePayload } from '../../../adapters/ts/payloads.js';
import { type WireEnvelope } from '../../../protocol/index.js';
import { KeyStore } from '../../../gateway/auth/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { RawRemotingStream } from '../../helpers/raw-remoting-stream.js';
import { RawWsClient } from '../../helpers/raw-ws-client.js';

const bin = fileURLToPath(new URL('../../../../bin/rosetta.mjs', import.meta.url));
const WS = WebSocket as unknown as NonNullable<Parameters<typeof RosettaClient.connect>[0]['WebSocket']>;
const ACME = 'https://id.acme.test';
const RSA = 'https://rsa.test';
const REMOTE = 'https://login.remote.test';
const AUD = 'rosetta';
const now = () => Math.floor(Date.now() / 1000);
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
type Pair = { privateKey: CryptoKey; publicKey: CryptoKey };
type Transport = 'ws' | 'grpc';
const TRANSPORTS: Transport[] = ['ws', 'grpc'];

describe('auth - the catalogue on both transports', () => {
  let dataDir: string;
  let gw: GatewayProcess;
  let jwksServer: Server;
  let jwksFetches = 0;
  let acme: Pair, rsa: Pair, remote: Pair, stranger: Pair;
  let rsaPem: string;
  let embedded: KeyStore;

  const sign = (claims: Record<string, unknown>, o: { key?: CryptoKey; alg?: string; kid?: string; iss?: string } = {}) => {
    const base: Record<string, unknown> = { iss: o.iss ?? ACME, aud: AUD, sub: 'alice', tid: 'acme', iat: now(), exp: now() + 600, jti: `j-${Math.random()}`, ...claims };
    for (const k of Object.keys(base)) if (base[k] === undefined) delete base[k];
    return new SignJWT(base).setProtectedHeader({ alg: o.alg ?? 'ES256', kid: o.kid ?? 'acme-1' }).sign(o.key ?? acme.privateKey);
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rosetta-catalogue-'));
    acme = await generateKeyPair('ES256', { extractable: true });
    rsa = await generateKeyPair('RS256', { extractable: true });
    remote = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    stranger = await generateKeyPair('ES256', { extractable: true });
    rsaPem = await exportSPKI(rsa.publicKey);
    const jwk = async (k: CryptoKey, kid: string, alg: string): Promise<JWK> => ({ ...(await exportJWK(k)), kid, alg, use: 'sig' });
    writeFileSync(join(dataDir, 'acme-jwks.json'), JSON.stringify({ keys: [await jwk(acme.publicKey, 'acme-1', 'ES256')] }));
    writeFileSync(join(dataDir, 'rsa-jwks.json'), JSON.stringify({ keys: [await jwk(rsa.publicKey, 'rsa-1', 'RS256')] }));
    const remoteJwks = JSON.stringify({ keys: [await jwk(remote.publicKey, 'remote-1', 'EdDSA')] });
    jwksServer = createServer((req, res) => {
      if (req.url !== '/jwks.json') { res.writeHead(404).end(); return; }
      jwksFetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(remoteJwks);
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const port = (jwksServer.address() as { port: number }).port;
    writeFileSync(join(dataDir, 'trust.json'), JSON.stringify({
      tenants: [
        { id: 'acme', issuer: ACME, audience: AUD, jwksFile: 'acme-jwks.json' },
        { id: 'rsa', issuer: RSA, audience: AUD, jwksFile: 'rsa-jwks.json' },
        { id: 'remote', issuer: REMOTE, audience: AUD, jwksUrl: `http://127.0.0.1:${port}/jwks.json` },
      ],
    }));
    gw = await GatewayProcess.start(['--auth', '--trust', join(dataDir, 'trust.json'), '--data-dir', dataDir]);
    embedded = await new KeyStore(dataDir).open();
    const revoke = (...args: string[]) => execFileSync(process.execPath, [bin, 'revoke', ...args, '--data-dir', dataDir], { encoding: 'utf8' });
    revoke('--jti', 'revoked-jti');
    revoke('--tenant', 'acme', '--sub', 'mallory');
    await new Promise((r) => setTimeout(r, 1200)); // the gateway polls the revocation file twice a second
  });
  after(async () => { await gw?.stop(); jwksServer?.close(); });

  // ---- drivers --------------------------------------------------------------------------
  const inc = (id: string, address = ''): WireEnvelope => ({ target: { address, id, requestId: 0 }, ...encodePayload('inc') });

  /** What a transport said when given `token` and, right behind it, an `inc` for `counter`. */
  async function attempt(transport: Transport, token: string | undefined, counter: string): Promise<{ code: number; message: string; wsClose?: number }> {
    if (transport === 'ws') {
      const c = new RawWsClient(gw.wsUrl, token, { pipelined: [[inc(counter)]] });
      const { code: wsClose } = await c.closed;
      const err = c.errors()[0];
      return { code: err?.code ?? -1, message: err?.message ?? '', wsClose };
    }
    const s = new RawRemotingStream(gw.address, token);
    s.handshake();
    s.send([inc(counter, gw.address)]);
    const st = await s.status;
    s.close();
    return { code: st.code, message: st.details };
  }

  /** The counter as a valid token of `tenant` reads it (embedded issuer). */
  async function counterValue(tenant: string, counter: string): Promise<string> {
    const c = await RosettaClient.connect({ url: gw.wsUrl, token: await embedded.issue({ tenant, subject: 'auditor', ttlSeconds: 60 }), WebSocket: WS, reconnect: false });
    try { return await c.request<string>({ id: counter }, 'get'); } finally { c.close(); }
  }

  // ---- positive controls: the catalogue means nothing unless valid tokens get through ----
  const valid: [string, () => Promise<string>, string][] = [
    ['ES256 from a local JWKS file', () => sign({}), 'acme'],
    ['RS256 from a second issuer', () => sign({ tid: 'rsa' }, { key: rsa.privateKey, alg: 'RS256', kid: 'rsa-1', iss: RSA }), 'rsa'],
    ['EdDSA from a remote JWKS URL (fetched once, then cached)', () => sign({ tid: 'remote' }, { key: remote.privateKey, alg: 'EdDSA', kid: 'remote-1', iss: REMOTE }), 'remote'],
  ];
  for (const [name, make, tenant] of valid) {
    for (const t of TRANSPORTS) {
      test(`${t}: a valid token is accepted — ${name}`, async () => {
        const counter = `counter/valid-${t}-${tenant}`;
        if (t === 'ws') {
          const c = new RawWsClient(gw.wsUrl, await make(), { pipelined: [[inc(counter)]] });
          await c.welcomed;
          await c.until(() => false, 200);
          c.close();
        } else {
          const s = new RawRemotingStream(gw.address, await make());
          s.handshake();
          s.send([inc(counter, gw.address)]);
          await new Promise((r) => setTimeout(r, 300));
          s.close();
        }
        assert.equal(await counterValue(tenant, counter), '1');
      });
    }
  }
  test('the remote JWKS was fetched once for all remote-issuer connections', () => {
    assert.equal(jwksFetches, 1);
  });

  // ---- refused at the connection: UNAUTHENTICATED, reason named, nothing delivered -------
  const unsigned = () => Promise.resolve(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: ACME, aud: AUD, sub: 'alice', tid: 'acme', exp: now() + 600 })}.`);
  const hsWithPublicKey = () => {
    const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'rsa-1' })}.${b64({ iss: RSA, aud: AUD, sub: 'alice', tid: 'rsa', exp: now() + 600 })}`;
    return Promise.resolve(`${input}.${createHmac('sha256', rsaPem).update(input).digest('base64url')}`);
  };
  const tampered = async () => {
    const [h, , sig] = (await sign({})).split('.');
    return `${h}.${b64({ iss: ACME, aud: AUD, sub: 'root', tid: 'acme', exp: now() + 600 })}.${sig}`;
  };
  const refused: [string, () => Promise<string | undefined>, string, string][] = [
    ['missing token', () => Promise.resolve(undefined), 'missing', 'acme'],
    ['malformed token', () => Promise.resolve('garbage.not-a.jwt'), 'malformed', 'acme'],
    ["alg 'none'", unsigned, 'alg-not-allowed', 'acme'],
    ['HS256 signed with the RSA public key (alg confusion)', hsWithPublicKey, 'alg-not-allowed', 'rsa'],
    ['unknown issuer', () => sign({}, { iss: 'https://evil.test' }), 'unknown-issuer', 'acme'],
    ['wrong audience', () => sign({ aud: 'someone-else' }), 'wrong-audience', 'acme'],
    ['expired', () => sign({ iat: now() - 7200, exp: now() - 3600 }), 'expired', 'acme'],
    ['not yet valid', () => sign({ nbf: now() + 3600 }), 'not-yet-valid', 'acme'],
    ['issued in the future', () => sign({ iat: now() + 3600, exp: now() + 7200 }), 'issued-in-future', 'acme'],
    ['revoked jti (rosetta revoke --jti)', () => sign({ jti: 'revoked-jti' }), 'revoked', 'acme'],
    ['subject revoked before (rosetta revoke --tenant --sub)', () => sign({ sub: 'mallory', iat: now() - 10 }), 'revoked', 'acme'],
    ['unknown kid', () => sign({}, { kid: 'acme-9' }), 'unknown-key', 'acme'],
    ["signed by a stranger's key under the issuer's kid", () => sign({}, { key: stranger.privateKey }), 'bad-signature', 'acme'],
    ['payload tampered after signing', tampered, 'bad-signature', 'acme'],
    ['oversize token', () => Promise.resolve(`${'a'.repeat(9000)}.b.c`), 'oversize', 'acme'],
    ["an issuer claiming another tenant's tid", () => sign({ tid: 'globex' }), 'tenant-mismatch', 'globex'],
    ['no subject', () => sign({ sub: undefined }), 'missing-claim', 'acme'],
    ['a tid that is not a tenant id', () => sign({ tid: '../acme' }), 'bad-claims', 'acme'],
    ['remote JWKS: a key the remote set does not hold', () => sign({ tid: 'remote' }, { key: stranger.privateKey, alg: 'ES256', kid: 'remote-2', iss: REMOTE }), 'unknown-key', 'remote'],
    ["the embedded issuer's name on a foreign key", () => sign({}, { iss: 'rosetta-embedded' }), 'unknown-key', 'acme'],
  ];
  refused.forEach(([name, make, reason, tenant], i) => {
    for (const t of TRANSPORTS) {
      test(`${t}: ${name} → UNAUTHENTICATED (${reason}), nothing delivered`, async () => {
        const counter = `counter/refused-${i}-${t}`;
        const r = await attempt(t, await make(), counter);
        assert.equal(r.code, grpc.status.UNAUTHENTICATED, r.message);
        assert.match(r.message, new RegExp(`^${reason}:`));
        if (t === 'ws') assert.equal(r.wsClose, reason === 'expired' ? 4403 : 4401, 'an expired token is 4403 on every path, any other refusal 4401');
        assert.equal(await counterValue(tenant, counter), '0');
      });
    }
  });

  // ---- accepted connections, refused envelopes -------------------------------------------
  /** An open connection of either transport that sends and requests and reports typed outcomes. */
  async function open(t: Transport, token: string) {
    if (t === 'ws') {
      const c = await RosettaClient.connect({ url: gw.wsUrl, token, WebSocket: WS, reconnect: false });
      return {
        send: (id: string, m: string) => c.send({ id }, m),
        request: (id: string, m: string | Typed) => c.request<unknown>({ id }, m, { timeoutMs: 3000 }).then((v) => ({ ok: v }), (e: Error & { code?: string }) => ({ error: e.code })),
        closed: c.closed.then(() => undefined),
        close: () => c.close(),
        /** A PID this connection hosts. */
        own: (name: string) => ({ Address: gw.address, Id: `${c.session}/${name}` }),
      };
    }
    const s = new RawRemotingStream(gw.address, token);
    s.handshake();
    let rid = 1;
    return {
      send: (id: string, m: string) => s.send([{ target: { address: gw.address, id, requestId: 0 }, ...encodePayload(m) }]),
      request: async (id: string, m: string | Typed) => {
        const requestId = rid++;
        s.send([{ target: { address: gw.address, id, requestId: 0 }, sender: s.own('inbox', requestId), ...encodePayload(m) }]);
        const r = await s.reply((e) => e.target.requestId === requestId);
        const d = decodePayload(r.typeName, r.serializerId, r.payload);
        return d.error ? { error: d.error.code } : { ok: d.value };
      },
      closed: s.status.then(() => undefined),
      close: () => s.close(),
      own: (name: string) => ({ Address: gw.address, Id: s.own(name).id }),
    };
  }

  for (const t of TRANSPORTS) {
    test(`${t}: tenant A cannot reach tenant B's actors — its ids resolve in its own space`, async () => {
      const b = await RosettaClient.connect({ url: gw.wsUrl, token: await embedded.issue({ tenant: 'globex', subject: 'bob', ttlSeconds: 60 }), WebSocket: WS, reconnect: false });
      await b.register(`globex-desk-${t}`, (m, ctx) => ctx.respond('globex here'));
      const a = await open(t, await sign({}));
      try {
        assert.deepEqual(await a.request(`globex-desk-${t}`, 'hi'), { error: 'NOT_FOUND' });
        assert.deepEqual(await a.request(`counter/shared-${t}`, 'inc'), { ok: '1' });
        assert.equal(await counterValue('globex', `counter/shared-${t}`), '0');
      } finally { a.close(); b.close(); }
    });

    test(`${t}: sending outside the allow list → PERMISSION_DENIED, nothing delivered`, async () => {
      const a = await open(t, await sign({ perm: { send: { allow: ['orders/*', `counter/ok-${t}`] } } }));
      try {
        assert.deepEqual(await a.request(`counter/ok-${t}`, 'inc'), { ok: '1' });
        assert.deepEqual(await a.request(`counter/denied-${t}`, 'inc'), { error: 'PERMISSION_DENIED' });
        a.send(`counter/denied-${t}`, 'inc');
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(await counterValue('acme', `counter/denied-${t}`), '0');
      } finally { a.close(); }
    });

    test(`${t}: a deny rule overrides a wider allow → PERMISSION_DENIED`, async () => {
      const a = await open(t, await sign({ perm: { send: { allow: ['counter/>'], deny: [`counter/secret-${t}`] } } }));
      try {
        assert.deepEqual(await a.request(`counter/open-${t}`, 'inc'), { ok: '1' });
        assert.deepEqual(await a.request(`counter/secret-${t}`, 'inc'), { error: 'PERMISSION_DENIED' });
        assert.equal(await counterValue('acme', `counter/secret-${t}`), '0');
      } finally { a.close(); }
    });

    test(`${t}: registering a name outside the allow list → PERMISSION_DENIED, nothing registered`, async () => {
      const a = await open(t, await sign({ perm: { register: { allow: ['alice/*'] } } }));
      const register = (name: string) => a.request('$registry', { typeName: 'rosetta.v1.RegisterName', value: { name, pid: a.own('desk') } });
      try {
        assert.deepEqual(await register(`billing-${t}`), { error: 'PERMISSION_DENIED' });
        assert.ok('ok' in (await register(`alice/desk-${t}`)));
        const lookup = await a.request('$registry', { typeName: 'rosetta.v1.LookupName', value: { name: `billing-${t}` } }) as { ok: Typed<{ found: boolean }> };
        assert.equal(lookup.ok.value.found, false);
      } finally { a.close(); }
    });

    test(`${t}: a token expiring mid-connection closes it (UNAUTHENTICATED expired); later sends are not delivered`, async () => {
      const r = t === 'ws'
        ? new RawWsClient(gw.wsUrl, await sign({ exp: now() + 2 }))
        : new RawRemotingStream(gw.address, await sign({ exp: now() + 2 }));
      if (r instanceof RawRemotingStream) r.handshake();
      const t0 = Date.now();
      if (r instanceof RawWsClient) {
        await r.welcomed;
        const { code } = await r.closed;
        assert.equal(code, 4403);
        assert.equal(r.errors()[0]?.code, grpc.status.UNAUTHENTICATED);
        assert.match(r.errors()[0]!.message, /^expired:/);
      } else {
        const st = await r.status;
        assert.equal(st.code, grpc.status.UNAUTHENTICATED);
        assert.match(st.details, /^expired:/);
        r.close();
      }
      assert.ok(Date.now() - t0 >= 500, 'closed at expiry, not at connect');
    });

    test(`${t}: revoking a live connection's token (rosetta revoke) closes it within a second or two`, async () => {
      const jti = `live-${t}-${Math.random()}`;
      const a = await open(t, await sign({ jti }));
      assert.deepEqual(await a.request('counter/live', 'get'), { ok: '0' });
      execFileSync(process.execPath, [bin, 'revoke', '--jti', jti, '--data-dir', dataDir]);
      const t0 = Date.now();
      await a.closed;
      assert.ok(Date.now() - t0 < 5000);
      a.close();
      await gw.waitStderr(/closed connections with revoked tokens/);
    });
  }
});
