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

export interface AddressHolder {
  readonly tenant: string;
  /** The member id of the stream that declared the address most recently. */
  memberId: string;
  readonly streams: Set<object>;
}

const ADDRESS = /^[A-Za-z0-9._\-[\]:%]{1,250}:(\d{1,5})$/;

/** Throws InvalidArgumentError (reason `bad-address`) unless `address` is a `host:port`. */
export function checkNodeAddress(address: string): void {
  const m = ADDRESS.exec(address);
  const port = m ? Number(m[1]) : 0;
  if (!m || port < 1 || port > 65535) throw new InvalidArgumentError(`'${address.slice(0, 100)}' is not a host:port address`, { reason: 'bad-address' });
}

export class NodeAddressBook {
  private readonly held = new Map<string, AddressHolder>();

  /** Binds `address` to `stream` of `tenant`; PermissionDeniedError (`address-held`) while another tenant holds it. */
  claim(address: string, tenant: string, memberId: string, stream: object): void {
    const h = this.held.get(address);
    if (h !== undefined && h.tenant !== tenant) {
      throw new PermissionDeniedError(`address ${address} is held by another tenant's node`, { reason: 'address-held' });
    }
    if (h === undefined) this.held.set(address, { tenant, memberId, streams: new Set([stream]) });
    else { h.memberId = memberId; h.streams.add(stream); }
  }

  /** Drops `stream`'s claim on `address`; true when the address is free now (the tenant lost it). */
  release(address: string, stream: object): boolean {
    const h = this.held.get(address);
    if (h === undefined || !h.streams.delete(stream)) return false;
    if (h.streams.size > 0) return false;
    this.held.delete(address);
    return true;
  }

  holder(address: string): AddressHolder | undefined {
    return this.held.get(address);
  }

  get size(): number {
    return this.held.size;
  }
}
