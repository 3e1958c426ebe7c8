/** Typed access to `nact` (the comparison library, a CommonJS package without usable types here). */
import { createRequire } from 'node:module';

export interface NactRef { readonly __nact: true }
export interface NactCtx { sender: NactRef; self: NactRef }
export interface Nact {
  start(): NactRef;
  stop(ref: NactRef): void;
  dispatch(ref: NactRef, msg: unknown, sender?: NactRef): void;
  query(ref: NactRef, msg: unknown | ((tmp: NactRef) => unknown), timeoutMs: number): Promise<unknown>;
  spawnStateless(parent: NactRef, f: (msg: any, ctx: NactCtx) => unknown, name?: string): NactRef;
}

export const nact = createRequire(import.meta.url)('nact') as Nact;
