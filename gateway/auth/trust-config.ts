/**
 * The issuers a gateway trusts, from a JSON file (`rosetta dev --trust <file>`):
 *
 *   { "tenants": [
 *       { "id": "acme", "issuer": "https://id.acme.example", "audience": "rosetta", "jwksFile": "acme-jwks.json" },
 *       { "id": "globex", "issuer": "https://login.globex.example", "audience": "rosetta", "jwksUrl": "https://login.globex.example/.well-known/jwks.json" } ],
 *     "clockToleranceSec": 30, "algorithms": ["EdDSA", "ES256"] }
 *
 * `jwksFile` paths are relative to the trust file; a `jwksUrl` is fetched and cached
 * (jose's remote key set). Each issuer names one tenant; `"id": "*"` lets an issuer
 * name the tenant in the token's `tid` (as the embedded issuer does).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import type { TenantConfig, VerifierOptions } from './token-verifier.js';

interface TrustFileTenant { id?: unknown; issuer?: unknown; audience?: unknown; jwksFile?: unknown; jwksUrl?: unknown; jwks?: unknown }

/** Throws an Error naming the file and the bad entry. */
export function readTrustFile(path: string): Pick<VerifierOptions, 'tenants' | 'clockToleranceSec' | 'algorithms'> {
  let raw: { tenants?: unknown; clockToleranceSec?: unknown; algorithms?: unknown };
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`trust file ${path}: ${(err as Error).message}`);
  }
  if (!Array.isArray(raw.tenants)) throw new Error(`trust file ${path}: "tenants" must be a list`);
  const tenants = (raw.tenants as TrustFileTenant[]).map((t, i): TenantConfig => {
    const where = `trust file ${path}, tenants[${i}]`;
    if (typeof t.id !== 'string' || typeof t.issuer !== 'string' || typeof t.audience !== 'string') throw new Error(`${where}: id, issuer and audience are required strings`);
    const sources = [t.jwksFile, t.jwksUrl, t.jwks].filter((x) => x !== undefined).length;
    if (sources !== 1) throw new Error(`${where}: give exactly one of jwksFile, jwksUrl, jwks`);
    let jwks: JSONWebKeySet | URL;
    if (typeof t.jwksUrl === 'string') jwks = new URL(t.jwksUrl);
    else if (typeof t.jwksFile === 'string') jwks = JSON.parse(readFileSync(resolve(dirname(path), t.jwksFile), 'utf8')) as JSONWebKeySet;
    else jwks = t.jwks as JSONWebKeySet;
    if (!(jwks instanceof URL) && !Array.isArray(jwks?.keys)) throw new Error(`${where}: the key set has no "keys" list`);
    return { id: t.id, issuer: t.issuer, audience: t.audience, jwks };
  });
  return {
    tenants,
    ...(typeof raw.clockToleranceSec === 'number' ? { clockToleranceSec: raw.clockToleranceSec } : {}),
    ...(Array.isArray(raw.algorithms) ? { algorithms: raw.algorithms as string[] } : {}),
  };
}
