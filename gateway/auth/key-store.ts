/**
 * The embedded default issuer: Ed25519 signing keys kept in the data directory
 * (`<dataDir>/keys.json`, mode 0600), newest first. Rotation adds a key and retires
 * the current one; a retired key keeps verifying for the maximum token lifetime
 * (default 30 days — no token it signed can live longer), then it is dropped. So
 * "tokens signed by older keys stay valid until they expire" holds exactly, however
 * often keys rotate. `jwks()` is the public key set other verifiers use.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import type { Permissions } from './permissions.js';
import { DEFAULT_MAX_TOKEN_LIFETIME_SEC } from './token-verifier.js';

interface StoredKey {
  kid: string;
  createdAt: string;
  /** When a newer key replaced it (absent for the signing key). */
  retiredAt?: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export interface IssueOptions {
  tenant: string;
  subject: string;
  ttlSeconds: number;
  permissions?: Permissions;
  audience?: string;
  jti?: string;
}

export const DEV_ISSUER = 'rosetta-embedded';
export const DEFAULT_AUDIENCE = 'rosetta';

export class KeyStore {
  private keys: StoredKey[] = [];
  private readonly file: string;
  private publicSet: JSONWebKeySet = { keys: [] };
  private loadedMtimeMs = 0;
  private checkedAt = 0;

  constructor(readonly dataDir: string, readonly issuer = DEV_ISSUER, readonly maxTokenLifetimeSec = DEFAULT_MAX_TOKEN_LIFETIME_SEC) {
    this.file = join(dataDir, 'keys.json');
  }

  /** Loads the keys, creating the first one if there is none. */
  async open(): Promise<this> {
    this.load();
    if (this.keys.length === 0) await this.rotate();
    return this;
  }

  private load(): void {
    if (!existsSync(this.file)) return;
    this.loadedMtimeMs = statSync(this.file).mtimeMs;
    this.keys = JSON.parse(readFileSync(this.file, 'utf8')) as StoredKey[];
    this.publicSet = { keys: this.keys.map((k) => k.publicJwk) };
  }

  /**
   * The public key set, re-read (at most once a second) when another process — `rosetta keys
   * rotate` — changed the key file, so a running gateway verifies tokens signed by a new key.
   */
  currentJwks(): JSONWebKeySet {
    const now = Date.now();
    if (now - this.checkedAt >= 1000) {
      this.checkedAt = now;
      try {
        if (statSync(this.file).mtimeMs !== this.loadedMtimeMs) this.load();
      } catch {
        // unreadable for a moment (being replaced): keep the keys we have
      }
    }
    return this.publicSet;
  }

  get currentKid(): string {
    return this.keys[0]!.kid;
  }

  /**
   * Adds a new signing key and retires the current one; keys retired longer ago than the
   * maximum token lifetime are dropped (nothing they signed can still be valid). Returns the new kid.
   */
  async rotate(now = Date.now()): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const kid = randomUUID();
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA', use: 'sig' };
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
    const at = new Date(now).toISOString();
    const keep = this.keys
      .map((k) => (k.retiredAt === undefined ? { ...k, retiredAt: at } : k))
      .filter((k) => now - Date.parse(k.retiredAt!) <= this.maxTokenLifetimeSec * 1000);
    this.keys = [{ kid, createdAt: at, privateJwk, publicJwk }, ...keep];
    this.publicSet = { keys: this.keys.map((k) => k.publicJwk) };
    this.save();
    return kid;
  }

  jwks(): JSONWebKeySet {
    return this.publicSet;
  }

  /** Signs a token; RangeError when `ttlSeconds` exceeds the maximum token lifetime. */
  async issue(o: IssueOptions): Promise<string> {
    if (o.ttlSeconds > this.maxTokenLifetimeSec) throw new RangeError(`ttl ${o.ttlSeconds} s exceeds the maximum token lifetime of ${this.maxTokenLifetimeSec} s`);
    const k = this.keys[0]!;
    const key = await importJWK(k.privateJwk, 'EdDSA');
    return new SignJWT({ tid: o.tenant, ...(o.permissions && Object.keys(o.permissions).length > 0 ? { perm: o.permissions } : {}) })
      .setProtectedHeader({ alg: 'EdDSA', kid: k.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(o.audience ?? DEFAULT_AUDIENCE)
      .setSubject(o.subject)
      .setJti(o.jti ?? randomUUID())
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + o.ttlSeconds)
      .sign(key);
  }

  private save(): void {
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.keys, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
    this.loadedMtimeMs = statSync(this.file).mtimeMs;
  }
}

/** Parses `30s`, `15m`, `1h`, `7d` (or plain seconds). */
export function parseTtl(ttl: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(ttl.trim());
  if (!m) throw new RangeError(`bad ttl '${ttl}' (e.g. 90s, 15m, 1h, 7d)`);
  const n = Number(m[1]);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  if (n <= 0) throw new RangeError('ttl must be positive');
  return n * unit;
}
