/**
 * What a token allows on documents, as the crdt library asks it: `crdtRead` and
 * `crdtWrite` patterns of the token's `perm` claim, over `/`-separated document
 * names (`notes/>`, `board/*`). Without authentication everything is allowed.
 *
 * @example
 *   crdtAccessOf(principal).canWrite('notes/1') // permits(perm, 'crdtWrite', 'notes/1')
 */
import { fullAccess, type CrdtPrincipal } from '../../crdt/index.js';
import { permits, type Principal } from '../auth/index.js';

export function crdtAccessOf(principal: Principal | undefined): CrdtPrincipal {
  if (principal === undefined) return fullAccess;
  const perms = principal.permissions;
  return {
    canRead: (document) => permits(perms, 'crdtRead', document),
    canWrite: (document) => permits(perms, 'crdtWrite', document),
  };
}
