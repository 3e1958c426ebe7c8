/**
 * Consistent-hash routing: a hash ring with virtual nodes per routee, so the same
 * key always reaches the same routee and adding or removing one routee moves only
 * ~1/n of the keys. Messages name their key with `hashBy()`; messages without a
 * key go to the first routee on the ring.
 */
import { pidToString, type PID } from '../pid.js';
import { isHashable } from './router-messages.js';
import type { RoutingStrategy } from './routing-strategy.js';

/**
 * FNV-1a 32-bit followed by murmur3's fmix32 avalanche (plain FNV clusters
 * keys that differ only in their last characters): fast and stable across
 * processes and languages.
 */
export function hashKey(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class ConsistentHashStrategy implements RoutingStrategy {
  private ring: { hash: number; pid: PID }[] = [];

  constructor(private readonly replicas = 100) {}

  setRoutees(routees: readonly PID[]): void {
    const ring: { hash: number; pid: PID }[] = [];
    for (const pid of routees) {
      const key = pidToString(pid);
      for (let i = 0; i < this.replicas; i++) ring.push({ hash: hashKey(`${key}#${i}`), pid });
    }
    ring.sort((a, b) => a.hash - b.hash);
    this.ring = ring;
  }

  select(message: unknown): readonly PID[] {
    const ring = this.ring;
    if (ring.length === 0) return [];
    if (!isHashable(message)) return [ring[0]!.pid];
    const h = hashKey(message.hashBy());
    let lo = 0, hi = ring.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ring[mid]!.hash < h) lo = mid + 1; else hi = mid;
    }
    return [ring[lo === ring.length ? 0 : lo]!.pid];
  }
}
