/** Management messages understood by every router, as in Proto.Actor's router package. */
import type { PID } from '../pid.js';

export class AddRoutee { constructor(readonly pid: PID) {} }
export class RemoveRoutee { constructor(readonly pid: PID) {} }
export class GetRoutees {}
export class Routees { constructor(readonly pids: readonly PID[]) {} }
/** Delivered to every routee whatever the routing strategy. */
export class BroadcastMessage { constructor(readonly message: unknown) {} }

/** A message routed by a consistent-hash router names its key. */
export interface Hashable {
  hashBy(): string;
}

export function isHashable(m: unknown): m is Hashable {
  return typeof (m as Hashable | null)?.hashBy === 'function';
}
