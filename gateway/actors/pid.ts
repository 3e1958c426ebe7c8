/**
 * PID: the location-transparent address of an actor, byte-compatible with
 * Proto.Actor's `actor.PID { Address = 1; Id = 2; request_id = 3 }`.
 *
 * A PID caches the process it resolved to (as Go caches `p`), so a local send
 * is one property read and one call. The cache is dropped when the process dies.
 */
import type { Process } from './process.js';

export class PID {
  address: string;
  id: string;
  /** @internal cached process; `undefined` until first resolved. */
  _p: Process | undefined;

  constructor(address: string, id: string, requestId = 0) {
    this.address = address;
    this.id = id;
    this._p = undefined;
    // requestId lives on the prototype unless set, which keeps idle local PIDs small.
    if (requestId !== 0) (this as { requestId: number }).requestId = requestId;
  }

  declare readonly requestId: number;

  /** A copy carrying a request id (request ids never mutate a shared PID). */
  withRequestId(requestId: number): PID {
    return new PID(this.address, this.id, requestId);
  }

  toString(): string {
    return pidToString(this);
  }
}
(PID.prototype as { requestId: number }).requestId = 0;

/** `address/id`, or `address/id#requestId` when a request id is present. */
export function pidToString(pid: { address: string; id: string; requestId?: number }): string {
  const base = `${pid.address}/${pid.id}`;
  return pid.requestId ? `${base}#${pid.requestId}` : base;
}

/** Address and id equal; request ids are ignored, as in Proto.Actor. */
export function pidEquals(a: PID | undefined | null, b: PID | undefined | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.id === b.id && a.address === b.address;
}

/** Key for maps and sets of PIDs. */
export function pidKey(pid: PID): string {
  return pid.address + '\u0000' + pid.id;
}
