/**
 * Where names live: the seam a cluster replaces. The name registry owns the rules
 * (who may register what, for which PID, who may replace it); a directory only
 * stores entries and answers from this node's view. The in-process directory is a
 * map; a cluster directory (NATS KV) serves reads from its local replica — names
 * are resolved on every send, so reads stay synchronous — and writes through.
 */
import type { PID } from '../actors/index.js';

/** Who registered a name: the connection's owner id and its token's subject (in-process code: `local`). */
export interface Registrant {
  owner: string;
  subject?: string;
}

export interface NameEntry {
  pid: PID;
  by: Registrant;
}

export interface NameDirectory {
  get(name: string): NameEntry | undefined;
  /** Adds or replaces the entry of `name`. */
  put(name: string, entry: NameEntry): void;
  delete(name: string): boolean;
  /** The names `owner` holds (a snapshot). */
  ownedBy(owner: string): string[];
  readonly size: number;
}

/** One process's names: a map, indexed by owner so a closing connection drops its own in O(its names). */
export class InProcessNameDirectory implements NameDirectory {
  private readonly names = new Map<string, NameEntry>();
  private readonly byOwner = new Map<string, Set<string>>();

  get(name: string): NameEntry | undefined {
    return this.names.get(name);
  }

  put(name: string, entry: NameEntry): void {
    const previous = this.names.get(name);
    if (previous !== undefined) this.unindex(name, previous);
    this.names.set(name, entry);
    let set = this.byOwner.get(entry.by.owner);
    if (set === undefined) { set = new Set(); this.byOwner.set(entry.by.owner, set); }
    set.add(name);
  }

  delete(name: string): boolean {
    const entry = this.names.get(name);
    if (entry === undefined) return false;
    this.unindex(name, entry);
    return this.names.delete(name);
  }

  ownedBy(owner: string): string[] {
    return [...(this.byOwner.get(owner) ?? [])];
  }

  get size(): number {
    return this.names.size;
  }

  private unindex(name: string, entry: NameEntry): void {
    const set = this.byOwner.get(entry.by.owner);
    if (set === undefined) return;
    set.delete(name);
    if (set.size === 0) this.byOwner.delete(entry.by.owner);
  }
}
