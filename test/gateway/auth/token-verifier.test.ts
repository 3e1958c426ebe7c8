/**
 * The auth catalogue at the verifier: every case asserts the exact error code
 * and reason. (Transport-level cases — the same tokens on a gRPC stream — are in
 * test/gateway/remote/auth.test.ts.)
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type CryptoKey } from 'jose';
type KeyLike = CryptoKey;
import { KeyStore, TokenExpiredError, TokenVerifier, type AuthReason } from '../../../gateway/auth/index.js';
import { UnauthenticatedError } from '../../../protocol/index.js';

const ISS = 'https://id.acme.test';
const AUD = 'rosetta';
let es: { privateKey: KeyLike; publicKey: KeyLike };
let other: { privateKey: KeyLike; publicKey: KeyLike };
let jwks: JSONWebKeySet;
let verifier: TokenVerifier;
const now = () => Math.floor(Date.now() / 1000);

async function token(claims: Record<string, unknown> = {}, o: { key?: KeyLike; kid?: string; alg?: string; iss?: string; aud?: string; omit?: string[] } = {}): Promise<string> {
  const base: Record<string, unknown> = { tid: 'acme', sub: 'alice', iss: o.iss ?? ISS, aud: o.aud ?? AUD, iat: now(), exp: now() + 600, jti: 'j-' + Math.random(), ...claims };
  for (const k of o.omit ?? []) delete base[k];
  return new SignJWT(base).setProtectedHeader({ alg: o.alg ?? 'ES256', kid: o.kid ?? 'k1' }).sign(o.key ?? es.privateKey);
}

async function rejects(t: string | undefined, reason: AuthReason): Promise<void> {
  await assert.rejects(verifier.verify(t), (e: unknown) => {
    assert.ok(e instanceof UnauthenticatedError, `expected an UNAUTHENTICATED error, got ${e}`);
    assert.equal(e.code, 'UNAUTHENTICATED');
    assert.equal(e.reason, reason);
    return true;
  });
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('auth - token verifier catalogue', () => {
  before(async () => {
    es = await generateKeyPair('ES256', { extractable: true });
    other = await generateKeyPair('ES256', { extractable: true });
    jwks = { keys: [{ ...(await exportJWK(es.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] };
    verifier = new TokenVerifier({ tenants: [{ id: 'acme', issuer: ISS, audience: AUD, jwks }, { id: 'globex', issuer: 'https://id.globex.test', audience: AUD, jwks }] });
  });

  test('a valid token yields tenant, subject, permissions and expiry', async () => {
    const p = await verifier.verify(await token({ perm: { send: { allow: ['orders/*'] } } }));
    assert.equal(p.tenant, 'acme');
    assert.equal(p.subject, 'alice');
    assert.deepEqual(p.permissions, { send: { allow: ['orders/*'] } });
    assert.ok(p.expiresAt > now());
  });
  test('missing token', () => rejects(undefined, 'missing'));
  test('empty token', () => rejects('', 'missing'));
  test('malformed token', () => rejects('not.a.jwt', 'malformed'));
  test('garbage segments', () => rejects('eyJ!!!.e30.x', 'malformed'));
  test('oversize token', () => rejects('a'.repeat(9000), 'oversize'));
  test("alg 'none' (unsigned)", () => rejects(`${b64({ alg: 'none' })}.${b64({ iss: ISS, aud: AUD, sub: 'a', tid: 'acme', exp: now() + 60 })}.`, 'alg-not-allowed'));
  test('HS256 signed with the public key (algorithm confusion)', async () => {
    const pub = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
    const t = await new SignJWT({ tid: 'acme', sub: 'mallory', iss: ISS, aud: AUD, exp: now() + 60 }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(pub);
    await rejects(t, 'alg-not-allowed');
  });
  test('signed by a key not in the issuer key set (same kid)', async () => rejects(await token({}, { key: other.privateKey }), 'bad-signature'));
  test('unknown kid', async () => rejects(await token({}, { kid: 'rotated-away' }), 'unknown-key'));
  test('unknown issuer', async () => rejects(await token({}, { iss: 'https://evil.test' }), 'unknown-issuer'));
  test('no issuer', async () => rejects(await token({}, { omit: ['iss'] }), 'unknown-issuer'));
  test('wrong audience', async () => rejects(await token({}, { aud: 'someone-else' }), 'wrong-audience'));
  test('expired', async () => {
    const t = await token({ exp: now() - 120, iat: now() - 600 });
    await assert.rejects(verifier.verify(t), TokenExpiredError);
    await rejects(t, 'expired');
  });
  test('expired within the clock tolerance is accepted', async () => { await verifier.verify(await token({ exp: now() - 5 })); });
  test('not yet valid (nbf)', async () => rejects(await token({ nbf: now() + 600 }), 'not-yet-valid'));
  test('issued in the future (iat)', async () => rejects(await token({ iat: now() + 600 }), 'issued-in-future'));
  test('missing exp', async () => rejects(await token({}, { omit: ['exp'] }), 'missing-claim'));
  test('missing tenant claim', async () => rejects(await token({}, { omit: ['tid'] }), 'missing-claim'));
  test('missing subject', async () => rejects(await token({}, { omit: ['sub'] }), 'missing-claim'));
  test("a token claiming another tenant than its issuer's", async () => rejects(await token({ tid: 'globex' }), 'tenant-mismatch'));
  test('revoked jti', async () => {
    verifier.revocations.revokeToken('stolen-1');
    await rejects(await token({ jti: 'stolen-1' }), 'revoked');
  });
  test('subject revoked before the token was issued', async () => {
    verifier.revocations.revokeSubjectBefore('acme', 'bob', now() + 1);
    await rejects(await token({ sub: 'bob' }), 'revoked');
    await verifier.verify(await token({ sub: 'carol' }));
  });
  test('invalid permission claims', async () => rejects(await token({ perm: { send: { allow: ['orders/>/x'] } } }), 'bad-claims'));
  test('unknown permission action', async () => rejects(await token({ perm: { teleport: {} } }), 'bad-claims'));
  test('a verified token is remembered: same principal, but revocation still applies on every use', async () => {
    const t = await token({ jti: 'cached-1', sub: 'dave' });
    const first = await verifier.verify(t);
    assert.equal(await verifier.verify(t), first, 'the second verification is the cached principal');
    verifier.revocations.revokeToken('cached-1');
    await rejects(t, 'revoked');
  });
  test('a remembered token is re-verified once its cache time is over (and refused when expired)', async () => {
    let clock = Date.now();
    const v = new TokenVerifier({ tenants: [{ id: 'acme', issuer: ISS, audience: AUD, jwks }], verifiedCacheTtlMs: 1000, clockToleranceSec: 0, now: () => clock });
    const t = await token({ exp: now() + 1 });
    const p = await v.verify(t);
    assert.equal(await v.verify(t), p, 'a cache hit within its time');
    clock += 2100; // an injected clock, not a sleep
    await assert.rejects(v.verify(t), TokenExpiredError);
  });
  test("an unknown critical header ('crit') is refused by name (unsupported-header), not as malformed", async () => {
    // jose will not sign an unknown crit, so the JWS is assembled by hand (WebCrypto ECDSA gives r||s as JWS wants).
    const input = `${b64({ alg: 'ES256', kid: 'k1', crit: ['x-policy'], 'x-policy': 1 })}.${b64({ tid: 'acme', sub: 'a', iss: ISS, aud: AUD, exp: now() + 60 })}`;
    const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, es.privateKey, new TextEncoder().encode(input));
    await rejects(`${input}.${Buffer.from(sig).toString('base64url')}`, 'unsupported-header');
  });
  test('a token living longer than the maximum lifetime is refused (lifetime-too-long)', async () => {
    await rejects(await token({ iat: now(), exp: now() + 31 * 24 * 3600 }), 'lifetime-too-long');
    await rejects(await token({ iat: undefined, exp: now() + 31 * 24 * 3600 }, { omit: ['iat'] }), 'lifetime-too-long');
    const v = new TokenVerifier({ tenants: [{ id: 'acme', issuer: ISS, audience: AUD, jwks }], maxTokenLifetimeSec: 3600 });
    await assert.rejects(v.verify(await token({ exp: now() + 7200 })), { reason: 'lifetime-too-long' });
  });
  test("a tenant bound to an issuer accepts only that issuer: the embedded ('*') issuer cannot mint for it", async () => {
    const store = await new KeyStore(mkdtempSync(join(tmpdir(), 'rosetta-keys-'))).open();
    const v = new TokenVerifier({ tenants: [{ id: '*', issuer: store.issuer, audience: AUD, jwks: store.jwks() }, { id: 'acme', issuer: ISS, audience: AUD, jwks }] });
    await assert.rejects(v.verify(await store.issue({ tenant: 'acme', subject: 'mallory', ttlSeconds: 60 })), { reason: 'tenant-mismatch' });
    assert.equal((await v.verify(await store.issue({ tenant: 'dev', subject: 'alice', ttlSeconds: 60 }))).tenant, 'dev');
    assert.equal((await v.verify(await token())).tenant, 'acme');
  });
  test("'none' cannot be configured as an allowed algorithm", () => {
    assert.throws(() => new TokenVerifier({ tenants: [], algorithms: ['none'] }));
  });
});

describe('auth - embedded key store', () => {
  test('issues EdDSA tokens its own JWKS verifies; rotation keeps old tokens valid', async () => {
    const store = await new KeyStore(mkdtempSync(join(tmpdir(), 'rosetta-keys-'))).open();
    const v = () => new TokenVerifier({ tenants: [{ id: 'dev', issuer: store.issuer, audience: 'rosetta', jwks: store.jwks() }] });
    const before = await store.issue({ tenant: 'dev', subject: 'alice', ttlSeconds: 60, permissions: { register: { allow: ['alice/>'] } } });
    assert.equal((await v().verify(before)).subject, 'alice');
    const oldKid = store.currentKid;
    await store.rotate();
    assert.notEqual(store.currentKid, oldKid);
    const after = await store.issue({ tenant: 'dev', subject: 'bob', ttlSeconds: 60 });
    const verifier2 = v();
    assert.equal((await verifier2.verify(before)).subject, 'alice');
    assert.equal((await verifier2.verify(after)).subject, 'bob');
    const reopened = await new KeyStore(store.dataDir).open();
    assert.equal(reopened.currentKid, store.currentKid, 'keys persist in the data directory');
  });

  test('a retired key verifies for the maximum token lifetime after its retirement, then is dropped — however often keys rotate', async () => {
    const store = await new KeyStore(mkdtempSync(join(tmpdir(), 'rosetta-keys-')), undefined, 3600).open();
    const first = store.currentKid;
    const t0 = Date.now();
    for (let i = 0; i < 8; i++) await store.rotate(t0 + i * 60_000); // 8 rotations in 8 minutes: all kept (the old "last 5" rule dropped some)
    assert.equal(store.jwks().keys.length, 9);
    assert.ok(store.jwks().keys.some((k) => k.kid === first));
    await store.rotate(t0 + 3600_000 + 1);   // an hour after the first retirement
    assert.equal(store.jwks().keys.some((k) => k.kid === first), false, 'nothing it signed can still be valid');
    await assert.rejects(store.issue({ tenant: 'dev', subject: 'x', ttlSeconds: 7200 }), /exceeds the maximum token lifetime/);
  });
});

describe('auth - revocations are not kept forever', () => {
  test('a jti without expiry is kept for the maximum token lifetime; subject entries until their tokens expired', async () => {
    const { RevocationList } = await import('../../../gateway/auth/index.js');
    const l = new RevocationList();
    const t = now();
    l.revokeToken('no-exp');
    l.revokeToken('with-exp', t + 60);
    l.revokeSubjectBefore('acme', 'bob', t);
    l.prune(t + 61);
    assert.equal(l.isRevoked('acme', 'x', 'with-exp', undefined), false, 'expired token entry dropped');
    assert.equal(l.isRevoked('acme', 'x', 'no-exp', undefined), true);
    l.prune(t + 31 * 24 * 3600);
    assert.equal(l.size, 0);
  });
});
