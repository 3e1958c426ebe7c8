/**
 * Verifies a connection's JWT once, when the connection opens (jose's
 * jwtVerify is 7–40K/s: never per message). Each tenant names its issuer and key
 * set; the algorithm allow-list is explicit (no `none`, and a key set only ever
 * verifies with its own key types, so HS/RS confusion cannot happen); `exp`,
 * `nbf` and `iat` are checked with a bounded clock tolerance; `aud` and `iss` must
 * match; `jti` and per-subject revocations apply.
 *
 * @example
 *   const verifier = new TokenVerifier({ tenants: [{ id: 'acme', issuer: 'https://id.acme', audience: 'rosetta', jwks }] });
 *   const principal = await verifier.verify(token); // { tenant: 'acme', subject: 'alice', permissions, expiresAt }
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { UnauthenticatedError } from '../../protocol/index.js';
import { AuthError, TokenExpiredError } from './auth-errors.js';
import { parsePermissions, type Permissions } from './permissions.js';
import { RevocationList } from './revocation-list.js';

export interface TenantConfig {
  /** The tenant, or `'*'` for an issuer trusted to name the tenant itself in `tid` (the embedded issuer). */
  id: string;
  issuer: string;
  audience: string;
  /**
   * A local key set; a function returning the current one (the embedded issuer's, which
   * rotation changes); or the URL of the issuer's JWKS (fetched and cached by jose).
   */
  jwks: JSONWebKeySet | URL | (() => JSONWebKeySet);
}

export interface VerifierOptions {
  tenants: TenantConfig[];
  /** Default: asymmetric algorithms only. */
  algorithms?: string[];
  /** Seconds of clock skew tolerated on exp/nbf/iat; capped at 300. Default 30. */
  clockToleranceSec?: number;
  /** Longest token accepted, in bytes. Default 8 KiB. */
  maxTokenBytes?: number;
  /**
   * Longest lifetime a token may have (`exp` − `iat`, or `exp` − now without `iat`), in seconds.
   * Default 30 days. It bounds how long revocations and retired signing keys must be kept.
   */
  maxTokenLifetimeSec?: number;
  revocations?: RevocationList;
  /**
   * Verified tokens remembered (exact token string → principal) so a client
   * reconnecting with the same token skips the signature check; revocation and
   * expiry are still checked on every use. Entries live at most `verifiedCacheTtlMs`
   * (default 5 min, bounding how long a key removed from a JWKS keeps working).
   * Default 10,000 entries; 0 disables.
   */
  verifiedCacheSize?: number;
  verifiedCacheTtlMs?: number;
  /** The clock (epoch ms); tests inject one instead of waiting. */
  now?: () => number;
}

export interface Principal {
  tenant: string;
  subject: string;
  permissions: Permissions;
  /** Epoch seconds. */
  expiresAt: number;
  /** Epoch seconds, when the token says. */
  issuedAt: number | undefined;
  jti: string | undefined;
}

const TENANT_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export const DEFAULT_ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256'];

/** The default bound on a token's lifetime (30 days): revocations and retired keys are kept this long. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SEC = 30 * 24 * 3600;

export class TokenVerifier {
  readonly revocations: RevocationList;
  private readonly byIssuer = new Map<string, { tenant: TenantConfig; keys: JWTVerifyGetKey }>();
  private readonly algorithms: string[];
  private readonly tolerance: number;
  private readonly maxBytes: number;
  private readonly maxLifetime: number;
  /** Tenants a configured issuer is bound to: only that issuer may issue for them (not a `'*'` issuer). */
  private readonly boundTenants = new Set<string>();
  private readonly verified = new Map<string, { principal: Principal; until: number }>();
  private readonly cacheSize: number;
  private readonly cacheTtlMs: number;
  private readonly now: () => number;

  constructor(options: VerifierOptions) {
    this.algorithms = options.algorithms ?? DEFAULT_ALGORITHMS;
    if (this.algorithms.some((a) => a.toLowerCase() === 'none')) throw new Error("'none' can never be an allowed algorithm");
    this.tolerance = Math.min(300, Math.max(0, options.clockToleranceSec ?? 30));
    this.maxBytes = options.maxTokenBytes ?? 8192;
    this.maxLifetime = options.maxTokenLifetimeSec ?? DEFAULT_MAX_TOKEN_LIFETIME_SEC;
    this.revocations = options.revocations ?? new RevocationList();
    this.cacheSize = options.verifiedCacheSize ?? 10_000;
    this.cacheTtlMs = options.verifiedCacheTtlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    for (const t of options.tenants) {
      if (this.byIssuer.has(t.issuer)) throw new Error(`issuer ${t.issuer} configured for two tenants`);
      const keys = t.jwks instanceof URL ? createRemoteJWKSet(t.jwks, { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 })
        : typeof t.jwks === 'function' ? changingLocalSet(t.jwks) : createLocalJWKSet(t.jwks);
      this.byIssuer.set(t.issuer, { tenant: t, keys });
      if (t.id !== '*') this.boundTenants.add(t.id);
    }
  }

  /** Whether a verified principal's token has been revoked since (for closing live connections). */
  isRevoked(p: Principal): boolean {
    return this.revocations.isRevoked(p.tenant, p.subject, p.jti, p.issuedAt);
  }

  async verify(token: string | undefined): Promise<Principal> {
    if (!token) throw new AuthError('missing', 'no token presented');
    if (token.length > this.maxBytes) throw new AuthError('oversize', `token longer than ${this.maxBytes} bytes`);
    const hit = this.verified.get(token);
    if (hit !== undefined) {
      if (this.now() < hit.until) {
        if (this.isRevoked(hit.principal)) throw new AuthError('revoked', 'token has been revoked');
        return hit.principal;
      }
      this.verified.delete(token); // past its time: verified again below (and refused if expired)
    }
    const principal = await this.verifyFully(token);
    if (this.cacheSize > 0) {
      if (this.verified.size >= this.cacheSize) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { principal, until: Math.min((principal.expiresAt + this.tolerance) * 1000, this.now() + this.cacheTtlMs) });
    }
    return principal;
  }

  private async verifyFully(token: string): Promise<Principal> {
    let alg: string | undefined, iss: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
      iss = decodeJwt(token).iss;
    } catch (err) {
      throw new AuthError('malformed', 'not a JWS compact JWT', { cause: err });
    }
    if (!alg || !this.algorithms.includes(alg)) throw new AuthError('alg-not-allowed', `algorithm ${alg ?? '(none)'} is not allowed`);
    const entry = iss === undefined ? undefined : this.byIssuer.get(iss);
    if (!entry) throw new AuthError('unknown-issuer', 'issuer is not configured for any tenant');
    const { tenant, keys } = entry;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: this.algorithms,
        issuer: tenant.issuer,
        audience: tenant.audience,
        clockTolerance: this.tolerance,
        requiredClaims: ['exp', 'sub', 'tid'],
        currentDate: new Date(this.now()),
      }));
    } catch (err) {
      throw mapJoseError(err);
    }
    const now = Math.floor(this.now() / 1000);
    if (typeof payload.iat === 'number' && payload.iat > now + this.tolerance) throw new AuthError('issued-in-future', 'iat is in the future');
    const tid = payload['tid'];
    if (typeof tid !== 'string' || !TENANT_ID.test(tid)) throw new AuthError('bad-claims', 'tid must be a tenant id (letters, digits, _ . -; at most 64)');
    if (tenant.id !== '*' && tid !== tenant.id) throw new AuthError('tenant-mismatch', `token tenant does not belong to issuer ${tenant.issuer}`);
    // A tenant bound to an issuer accepts only that issuer: the embedded one cannot mint for it.
    if (tenant.id === '*' && this.boundTenants.has(tid)) throw new AuthError('tenant-mismatch', `tenant ${tid} accepts only its own issuer`);
    const lifetime = payload.exp! - (typeof payload.iat === 'number' ? payload.iat : now);
    if (lifetime > this.maxLifetime) throw new AuthError('lifetime-too-long', `token lifetime ${lifetime} s exceeds the maximum of ${this.maxLifetime} s`);
    const subject = payload.sub!;
    if (this.revocations.isRevoked(tid, subject, payload.jti, payload.iat)) throw new AuthError('revoked', 'token has been revoked');
    let permissions: Permissions;
    try {
      permissions = parsePermissions(payload['perm']);
    } catch (err) {
      throw new AuthError('bad-claims', (err as Error).message, { cause: err });
    }
    return { tenant: tid, subject, permissions, expiresAt: payload.exp!, issuedAt: payload.iat, jti: payload.jti };
  }
}

/** A local key set read anew through `current()`; its lookup is rebuilt only when the set changes. */
function changingLocalSet(current: () => JSONWebKeySet): JWTVerifyGetKey {
  let set: JSONWebKeySet | undefined;
  let getKey: JWTVerifyGetKey | undefined;
  return (header, token) => {
    const now = current();
    if (now !== set) { set = now; getKey = createLocalJWKSet(now); }
    return getKey!(header, token);
  };
}

function mapJoseError(err: unknown): UnauthenticatedError {
  if (err instanceof errors.JWTExpired) return new TokenExpiredError();
  if (err instanceof errors.JWTClaimValidationFailed) {
    const claim = err.claim;
    if (claim === 'nbf') return new AuthError('not-yet-valid', 'token is not valid yet', { cause: err });
    if (claim === 'aud') return new AuthError('wrong-audience', 'audience does not match', { cause: err });
    if (claim === 'iss') return new AuthError('wrong-issuer', 'issuer does not match', { cause: err });
    if (claim === 'iat') return new AuthError('issued-in-future', 'iat is invalid', { cause: err });
    return new AuthError('missing-claim', `claim ${claim} is missing or invalid`, { cause: err });
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return new AuthError('alg-not-allowed', 'algorithm not allowed', { cause: err });
  if (err instanceof errors.JOSENotSupported) return new AuthError('unsupported-header', err.message, { cause: err });
  if (err instanceof errors.JWKSNoMatchingKey) return new AuthError('unknown-key', 'no key in the issuer key set matches the token', { cause: err });
  if (err instanceof errors.JWSSignatureVerificationFailed) return new AuthError('bad-signature', 'signature verification failed', { cause: err });
  if (err instanceof errors.JWTInvalid || err instanceof errors.JWSInvalid) return new AuthError('malformed', 'invalid JWT', { cause: err });
  return new AuthError('malformed', 'token could not be verified', { cause: err });
}
