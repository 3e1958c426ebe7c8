/**
 * Revocations: single tokens by `jti`, and every token of a subject issued
 * before a time ("log out everywhere"). Kept in memory here; the embedded store
 * persists it (later issue).
 */
export class RevocationList {
  private readonly jtis = new Map<string, number>();
  private readonly notBefore = new Map<string, number>();

  /** Revoke one token; `expiresAt` (epoch s) lets the entry be forgotten after the token would have expired anyway. */
  revokeToken(jti: string, expiresAt = Number.MAX_SAFE_INTEGER): void {
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

  /** Drops jti entries whose tokens have expired. */
  prune(nowSeconds = Math.floor(Date.now() / 1000)): void {
    for (const [jti, exp] of this.jtis) if (exp < nowSeconds) this.jtis.delete(jti);
  }
}
