/**
 * Every open connection of a gateway, whatever its transport, so that a
 * revocation (`rosetta revoke` in another shell, a subject logged out everywhere)
 * ends each connection whose token it covers — one list, not one per transport.
 */
import type { RosettaError } from '../../protocol/index.js';
import type { Principal } from '../auth/index.js';

/** What the list needs of a connection (a ConnectionGate). */
export interface LiveConnection {
  readonly principal: Principal | undefined;
  revoke(error: RosettaError): void;
}

export class LiveConnections {
  private readonly open = new Set<LiveConnection>();

  add(c: LiveConnection): void {
    this.open.add(c);
  }

  delete(c: LiveConnection): void {
    this.open.delete(c);
  }

  get size(): number {
    return this.open.size;
  }

  /** Ends every open connection whose principal matches; returns how many. */
  revokeWhere(pred: (p: Principal) => boolean, error: RosettaError): number {
    let n = 0;
    for (const c of [...this.open]) {
      if (c.principal === undefined || !pred(c.principal)) continue;
      c.revoke(error);
      n++;
    }
    return n;
  }
}
