/**
 * Names: `RegisterName{name, pid}` binds a name to any PID (a TS actor, a Go
 * actor, an actor hosted by a WebSocket client), and the name itself becomes an
 * id at the gateway — a Go node can message `PID{gateway, "<name>"}` and reach a
 * browser-hosted actor. Names never shadow live ids; the `$registry` service actor
 * answers rosetta.v1 Register/Unregister/Lookup messages.
 */
import { AlreadyExistsError, InvalidArgumentError } from '../../protocol/index.js';
import { PID, Props, type ActorSystem, type Process } from '../actors/index.js';
import { TypedMessage } from '../remote/typed-message.js';

const NAME = /^[A-Za-z0-9_.-][A-Za-z0-9_./-]{0,127}$/;

/** The part of an id before its first `/` — for a WebSocket client's actors, its session. */
function ownerOf(id: string): string {
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(0, slash);
}

export class NameRegistry {
  private readonly names = new Map<string, PID>();
  /** Names by the owner of the PID they are bound to, so a closing session drops its own in O(its names). */
  private readonly byOwner = new Map<string, Set<string>>();

  /** `beforeAdd(count)` may throw (e.g. a tenant's name quota) before a new name is added to `count` others. */
  constructor(private readonly system: ActorSystem, private readonly o: { beforeAdd?: (count: number) => void } = {}) {
    system.registry.registerLocalResolver((pid) => {
      const target = this.names.get(pid.id);
      return target === undefined ? undefined : this.forwarder(target);
    });
  }

  /** Throws InvalidArgumentError for a bad name, AlreadyExistsError when taken (unless `replace`). */
  register(name: string, pid: PID, replace = false): void {
    if (!NAME.test(name) || name.includes('//') || name.endsWith('/')) throw new InvalidArgumentError(`invalid name '${name}'`);
    if (this.system.registry.getLocal(name) !== undefined) throw new AlreadyExistsError(`'${name}' is an existing actor id`);
    if (name.includes('/') && this.system.kinds.has(name.slice(0, name.indexOf('/')))) throw new AlreadyExistsError(`'${name}' belongs to the virtual actor kind '${name.slice(0, name.indexOf('/'))}'`);
    const previous = this.names.get(name);
    if (previous !== undefined && !replace) throw new AlreadyExistsError(`name '${name}' is already registered`);
    if (previous === undefined) this.o.beforeAdd?.(this.names.size);
    else this.forget(name, previous);
    this.names.set(name, pid);
    const owner = ownerOf(pid.id);
    let set = this.byOwner.get(owner);
    if (set === undefined) { set = new Set(); this.byOwner.set(owner, set); }
    set.add(name);
  }

  unregister(name: string): boolean {
    const pid = this.names.get(name);
    if (pid === undefined) return false;
    this.forget(name, pid);
    return this.names.delete(name);
  }

  private forget(name: string, pid: PID): void {
    const owner = ownerOf(pid.id);
    const set = this.byOwner.get(owner);
    if (set === undefined) return;
    set.delete(name);
    if (set.size === 0) this.byOwner.delete(owner);
  }

  /** Drops every name bound to a PID whose id is `owner` or starts with `owner/` (a closed session's actors). */
  unregisterOwner(owner: string): number {
    const set = this.byOwner.get(owner);
    if (set === undefined) return 0;
    this.byOwner.delete(owner);
    for (const name of set) this.names.delete(name);
    return set.size;
  }

  lookup(name: string): PID | undefined {
    return this.names.get(name);
  }

  get size(): number {
    return this.names.size;
  }

  private forwarder(target: PID): Process {
    const system = this.system;
    return {
      sendUserMessage: (_pid, message, sender) => system.sendUser(target, message, sender),
      sendSystemMessage: (_pid, message) => system.registry.resolve(target).sendSystemMessage(target, message),
      stop: () => system.stop(target),
    };
  }

  /** The `$registry` actor speaking rosetta.v1 RegisterName / UnregisterName / LookupName. */
  props(): Props {
    return Props.fromFunc((ctx) => {
      const m = ctx.message;
      if (!(m instanceof TypedMessage)) return;
      const v = m.value as Record<string, any>;
      const pidOf = (o: any): PID | undefined => (o && o.Id ? new PID(o.Address ?? '', o.Id, 0) : undefined);
      try {
        switch (m.typeName) {
          case 'rosetta.v1.RegisterName': {
            const pid = pidOf(v['pid']);
            if (!pid) throw new InvalidArgumentError('RegisterName needs a pid');
            this.register(v['name'], pid, Boolean(v['replace']));
            ctx.respond(new TypedMessage('rosetta.v1.RegisterNameResponse', { name: v['name'], pid: v['pid'] }, m.serializerId));
            break;
          }
          case 'rosetta.v1.UnregisterName':
            ctx.respond(new TypedMessage('rosetta.v1.UnregisterNameResponse', { removed: this.unregister(v['name']) }, m.serializerId));
            break;
          case 'rosetta.v1.LookupName': {
            const pid = this.lookup(v['name']);
            ctx.respond(new TypedMessage('rosetta.v1.LookupNameResponse', { name: v['name'], found: pid !== undefined, ...(pid ? { pid: { Address: pid.address, Id: pid.id } } : {}) }, m.serializerId));
            break;
          }
        }
      } catch (err) {
        ctx.respond(err);
      }
    });
  }
}
