/**
 * Authorization hooks the gateway supplies: a principal answers whether it may
 * read or write a named document of its tenant, nothing more. Sessions ask on
 * open (read), on every incoming write (write), and on `recheck()` — so
 * permission changes, revocation and expiry take effect on open sessions when
 * the gateway's principal starts answering differently. No token parsing here:
 * the gateway adapts its own permissions, e.g.
 *   { canRead: (d) => permits(perm, 'crdtRead', d), canWrite: (d) => permits(perm, 'crdtWrite', d) }
 *
 * @example
 *   authorize(principal, 'notes/1', 'write'); // throws ReadOnlyError or ReadDeniedError
 */
import { ReadDeniedError, ReadOnlyError } from './errors.js';

export interface CrdtPrincipal {
  canRead(document: string): boolean;
  canWrite(document: string): boolean;
}

export type CrdtOperation = 'read' | 'write';
export type DocumentAccess = 'none' | 'read' | 'write';

/** Reading is needed to sync at all; writing on top of it makes a read-write session. */
export function accessOf(principal: CrdtPrincipal, document: string): DocumentAccess {
  if (!principal.canRead(document)) return 'none';
  return principal.canWrite(document) ? 'write' : 'read';
}

/**
 * Throws the typed refusal for `op` on `document`: ReadDeniedError
 * (PERMISSION_DENIED, reason `read-denied`) or ReadOnlyError (PERMISSION_DENIED,
 * reason `read-only`). A write needs `canWrite` only (the `$crdt` Update needs no read).
 */
export function authorize(principal: CrdtPrincipal, document: string, op: CrdtOperation): void {
  if (op === 'read' && !principal.canRead(document)) throw new ReadDeniedError(`may not read '${document}'`);
  if (op === 'write' && !principal.canWrite(document)) throw new ReadOnlyError(`may not write '${document}'`);
}

/** Everything allowed: for tests, embedded use, and TS actors inside the gateway. */
export const fullAccess: CrdtPrincipal = Object.freeze({ canRead: () => true, canWrite: () => true });

/** Read everything, write nothing. */
export const readOnlyAccess: CrdtPrincipal = Object.freeze({ canRead: () => true, canWrite: () => false });

/** A principal whose answers can be changed while sessions are open (tests; simple embedders). */
export class MutablePrincipal implements CrdtPrincipal {
  constructor(public read: (document: string) => boolean = () => true, public write: (document: string) => boolean = () => true) {}
  canRead(document: string): boolean { return this.read(document); }
  canWrite(document: string): boolean { return this.write(document); }
}
