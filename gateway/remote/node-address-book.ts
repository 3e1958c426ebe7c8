/**
 * Which tenant holds which Proto.Actor node address. A server connection declares
 * the address its node listens on; that claim is bound to the stream's token (its
 * tenant, and the token's `node` permission) and to the life of the stream: while
 * any stream of tenant T holds address X, no other tenant can claim X, and when the
 * last one ends X is free again. A tenant's actors dial only addresses it holds
 * (or that the operator gave it with `--peer`), and the dialled node must answer
 * with the member id that declared the address — so a tenant cannot make the
 * gateway deliver to a node that never authenticated as that tenant.
 */
import { InvalidArgumentError, PermissionDeniedError } from '../../protocol/index.js';

const ADDRESS = /^[A-Za-z0-9._\-[\]:%]{1,250}:(\d{1,5})$/;

export interface AddressHolder {
  readonly tenant: string;
  /** The member id of the newest stream still holding the address. */
  readonly memberId: string;
}

interface Claim {
  tenant: string;
  /** Holding streams → the member id each declared (insertion order: the newest last). */
  streams: Map<object, string>;
}

/** Throws InvalidArgumentError (reason `bad-address`) unless `address` is a `host:port`. */
export function checkNodeAddress(address: string): void {
  const m = ADDRESS.exec(address);
  const port = m ? Number(m[1]) : 0;
  if (!m || port < 1 || port > 65535) throw new InvalidArgumentError(`'${address.slice(0, 100)}' is not a host:port address`, { reason: 'bad-address' });
}

export class NodeAddressBook {
  private readonly held = new Map<string, Claim>();
  /** Member id → the tenant whose streams declared it, and how many of them do. */
  private readonly members = new Map<string, { tenant: string; streams: number }>();

  /**
   * Binds `address` (and the node's member id) to `stream` of `tenant`. PermissionDeniedError while another
   * tenant holds the address (`address-held`) or the member id (`member-held`): a node is one tenant's, under
   * whatever name — so another name of a held node (`localhost:P` for `127.0.0.1:P`) does not reach it either.
   */
  claim(address: string, tenant: string, memberId: string, stream: object): void {
    const h = this.held.get(address);
    if (h !== undefined && h.tenant !== tenant) {
      throw new PermissionDeniedError(`address ${address} is held by another tenant's node`, { reason: 'address-held' });
    }
    const m = this.members.get(memberId);
    if (m !== undefined && m.tenant !== tenant) {
      throw new PermissionDeniedError(`member ${memberId} is another tenant's node`, { reason: 'member-held' });
    }
    if (h === undefined) this.held.set(address, { tenant, streams: new Map([[stream, memberId]]) });
    else h.streams.set(stream, memberId);
    if (m === undefined) this.members.set(memberId, { tenant, streams: 1 });
    else m.streams++;
  }

  /** Drops `stream`'s claim on `address`; true when the address is free now (the tenant lost it). */
  release(address: string, stream: object): boolean {
    const h = this.held.get(address);
    const memberId = h?.streams.get(stream);
    if (h === undefined || memberId === undefined) return false;
    h.streams.delete(stream);
    const m = this.members.get(memberId)!;
    if (--m.streams === 0) this.members.delete(memberId);
    if (h.streams.size > 0) return false;
    this.held.delete(address);
    return true;
  }

  /** Who holds `address` now: its tenant and the member id the newest holding stream declared. */
  holder(address: string): AddressHolder | undefined {
    const h = this.held.get(address);
    if (h === undefined) return undefined;
    let memberId = '';
    for (const m of h.streams.values()) memberId = m;
    return { tenant: h.tenant, memberId };
  }

  get size(): number {
    return this.held.size;
  }
}
