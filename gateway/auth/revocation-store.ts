/**
 * Revocations persisted in the data directory (`<dataDir>/revocations.json`,
 * written atomically). The gateway loads the file at start and polls it, so
 * `rosetta revoke` in another shell takes effect within a second; `onChange`
 * listeners then close live connections whose token is now revoked.
 *
 * @example
 *   const store = new RevocationStore(dataDir, verifier.revocations);
 *   store.watch(() => gateway.closeRevoked());
 *   RevocationStore.revokeToken(dataDir, 'jti-123', exp); // from the CLI
 */
import { existsSync, mkdirSync, readFileSync, renameSync, unwatchFile, watchFile, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RevocationList, type RevocationData } from './revocation-list.js';

const FILE = 'revocations.json';

export class RevocationStore {
  private readonly file: string;
  private watching = false;

  constructor(dataDir: string, readonly list: RevocationList) {
    this.file = join(dataDir, FILE);
    this.reload();
  }

  /** Re-reads the file (a missing file is an empty list; an unreadable one keeps the current list). */
  reload(): boolean {
    if (!existsSync(this.file)) return false;
    try {
      this.list.replaceWith(JSON.parse(readFileSync(this.file, 'utf8')) as RevocationData);
      return true;
    } catch {
      return false;
    }
  }

  /** Polls the file; `onChange` runs after each successful reload. */
  watch(onChange: () => void, intervalMs = 500): void {
    this.watching = true;
    watchFile(this.file, { interval: intervalMs, persistent: false }, () => { if (this.reload()) onChange(); });
  }

  close(): void {
    if (this.watching) unwatchFile(this.file);
  }

  static revokeToken(dataDir: string, jti: string, expiresAt?: number): void {
    RevocationStore.update(dataDir, (l) => l.revokeToken(jti, expiresAt));
  }

  static revokeSubjectBefore(dataDir: string, tenant: string, subject: string, epochSeconds: number): void {
    RevocationStore.update(dataDir, (l) => l.revokeSubjectBefore(tenant, subject, epochSeconds));
  }

  private static update(dataDir: string, change: (list: RevocationList) => void): void {
    mkdirSync(dataDir, { recursive: true });
    const list = new RevocationList();
    const file = join(dataDir, FILE);
    if (existsSync(file)) list.replaceWith(JSON.parse(readFileSync(file, 'utf8')) as RevocationData);
    change(list);
    list.prune();
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(list.toJSON(), null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, file);
  }
}
