/**
 * Revocations: single tokens by `jti`, and every token of a subject issued
 * before a time ("log out everywhere"). In memory; `RevocationStore` persists it
 * in the data directory and reloads it when another process (`rosetta revoke`)
 * changes it. Nothing is kept forever: a jti entry is dropped once the token would
 * have expired (its `exp`, or at most the maximum token lifetime from the
 * revocation), a subject entry once every token it covers has expired.
 */
import { DEFAULT_MAX_TOKEN_LIFETIME_SEC } from './token-verifier.js';

export interface RevocationData {
  /** jti → epoch seconds after which the entry may be forgotten. */
  jtis: Record<string, number>;
  subjects: { tenant: string; subject: string; before: number }[];
}

export class RevocationList {
  private readonly jtis = new Map<string, number>();
  private readonly notBefore = new Map<string, number>();

  /**
   * Revoke one token; `expiresAt` (epoch s) lets the entry be forgotten after the token would have
   * expired anyway — by default the longest a token can still live from now.
   */
  revokeToken(jti: string, expiresAt = Math.floor(Date.now() / 1000) + DEFAULT_MAX_TOKEN_LIFETIME_SEC): void {
    this.jtis.set(jti, expiresAt);
  }

  /** Reject tokens of `tenant`/`subject` issued before `epochSeconds`. */
  revokeSubjectBefore(tenant: string, subject: string, epochSeconds: number): void {
    this.notBefore.set(`${tenant}\u0000${subject}`, epochSeconds);
  }

  isRevoked(tenant: string, subject: string, jti: string | undefined, issuedAt: number | undefined): boolean {
    if (jti !== undefined && this.jtis.has(jti)) return true;
    const nb = this.notBefore.get(`${tenant}\u0000${subject}`);
    return nb !== undefined && (issuedAt === undefined || issuedAt < nb);
  }

  toJSON(): RevocationData {
    return {
      jtis: Object.fromEntries(this.jtis),
      subjects: [...this.notBefore].map(([k, before]) => { const [tenant, subject] = k.split('\u0000') as [string, string]; return { tenant, subject, before }; }),
    };
  }

  /** Replaces every entry with `data` (a reload). */
  replaceWith(data: RevocationData): void {
    this.jtis.clear();
    this.notBefore.clear();
    for (const [jti, exp] of Object.entries(data.jtis ?? {})) this.jtis.set(jti, Number(exp));
    for (const s of data.subjects ?? []) this.notBefore.set(`${s.tenant}\u0000${s.subject}`, Number(s.before));
  }

  /** Drops entries that no longer matter: expired tokens, and subject entries older than the longest token lifetime. */
  prune(nowSeconds = Math.floor(Date.now() / 1000), maxTokenLifetimeSec = DEFAULT_MAX_TOKEN_LIFETIME_SEC): void {
    for (const [jti, exp] of this.jtis) if (exp < nowSeconds) this.jtis.delete(jti);
    for (const [k, before] of this.notBefore) if (before + maxTokenLifetimeSec < nowSeconds) this.notBefore.delete(k);
  }

  get size(): number {
    return this.jtis.size + this.notBefore.size;
  }
}
