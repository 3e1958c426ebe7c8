/**
 * Watches of the actors a connection hosts (a WebSocket client's, a gRPC client's),
 * kept by the gateway rather than the peer: watchers are told when the peer stops
 * one of its actors, and — whether or not the peer is still there to say so — when
 * the connection ends. Bounded: past `maxWatchers` a Watch is answered at once.
 */
import { PID, pidEquals, Terminated, TerminatedReason, type ActorSystem } from '../actors/index.js';

export class HostedWatchers {
  private byId: Map<string, PID[]> | undefined; // made on the first watch: most connections are never watched
  private count = 0;

  constructor(private readonly system: ActorSystem, private readonly maxWatchers = 65_536) {}

  /** `gone`: the connection has ended, so the watch is answered AddressTerminated at once. */
  watch(who: PID, watcher: PID, gone: boolean): void {
    if (gone || this.count >= this.maxWatchers) {
      this.tell(watcher, new PID(who.address, who.id), gone ? TerminatedReason.AddressTerminated : TerminatedReason.NotFound);
      return;
    }
    this.byId ??= new Map();
    const list = this.byId.get(who.id);
    if (list === undefined) this.byId.set(who.id, [watcher]);
    else if (list.some((w) => pidEquals(w, watcher))) return;
    else list.push(watcher);
    this.count++;
  }

  unwatch(who: PID, watcher: PID): void {
    const list = this.byId?.get(who.id);
    const i = list ? list.findIndex((w) => pidEquals(w, watcher)) : -1;
    if (i < 0) return;
    list!.splice(i, 1);
    this.count--;
    if (list!.length === 0) this.byId!.delete(who.id);
  }

  /** One hosted actor is gone: each of its watchers gets Terminated once. */
  stopped(id: string, why: TerminatedReason): void {
    const list = this.byId?.get(id);
    if (list === undefined) return;
    this.byId!.delete(id);
    this.count -= list.length;
    const who = new PID(this.system.address, id);
    for (const w of list) this.tell(w, who, why);
  }

  /** The connection ended: every hosted actor is terminated for its watchers. */
  stopAll(): void {
    if (this.byId === undefined) return;
    for (const id of [...this.byId.keys()]) this.stopped(id, TerminatedReason.AddressTerminated);
  }

  private tell(watcher: PID, who: PID, why: TerminatedReason): void {
    this.system.registry.resolve(watcher).sendSystemMessage(watcher, new Terminated(who, why));
  }
}
