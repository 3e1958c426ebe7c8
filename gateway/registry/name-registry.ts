/**
 * Names: `RegisterName{name, pid}` binds a name to a PID (a TS actor, a Go actor,
 * an actor hosted by a WebSocket or gRPC client), and the name itself becomes an id
 * at the gateway — a Go node can message `PID{gateway, "<name>"}` and reach a
 * browser-hosted actor. Names never shadow live ids; the `$registry` service actor
 * answers rosetta.v1 Register/Unregister/Lookup messages.
 *
 * A name must never widen what anyone can reach: a peer registers names only for
 * PIDs it hosts itself (its session's actors, its node's actors) — checked at the
 * edge by `service().admit` — and only the connection or subject that registered a
 * name may replace or remove it. In-process code (`register` without a registrant)
 * is trusted. A connection's names go when it closes (`unregisterOwner`).
 */
import {
  TypeName,
  AlreadyExistsError, InvalidArgumentError, PermissionDeniedError, REGISTRY_ID, type RosettaError,
} from '../../protocol/index.js';
import { PID, Props, type ActorSystem, type Process } from '../actors/index.js';
import { permits } from '../auth/index.js';
import type { Origin, TenantService } from '../edge/tenant-service.js';
import { TypedMessage } from '../serialization/typed-message.js';
import { InProcessNameDirectory, type NameDirectory, type NameEntry, type Registrant } from './name-directory.js';

export type { Registrant };

const NAME = /^[A-Za-z0-9_.-][A-Za-z0-9_./-]{0,127}$/;

const LOCAL: Registrant = { owner: 'local' };

/** A name operation admitted at the edge, carrying the verified registrant (only the edge builds these). */
export class NameRequest {
  constructor(
    readonly op: 'register' | 'unregister',
    readonly name: string,
    readonly pid: PID | undefined,
    readonly replace: boolean,
    readonly by: Registrant,
    readonly serializerId: number,
  ) {}
}

export class NameRegistry {
  private readonly names: NameDirectory;

  /**
   * `beforeAdd(count)` may throw (e.g. a tenant's name quota) before a new name is added to `count` others;
   * `directory` is where names are stored (in-process by default; a cluster store later).
   */
  constructor(private readonly system: ActorSystem, private readonly o: { beforeAdd?: (count: number) => void; directory?: NameDirectory } = {}) {
    this.names = o.directory ?? new InProcessNameDirectory();
    system.registry.registerLocalResolver((pid) => {
      const entry = this.names.get(pid.id);
      return entry === undefined ? undefined : this.forwarder(entry.pid);
    });
  }

  /**
   * Throws InvalidArgumentError for a bad name, AlreadyExistsError when taken (unless `replace`),
   * PermissionDeniedError when replacing a name another registrant holds.
   */
  register(name: string, pid: PID, o: { replace?: boolean; by?: Registrant } = {}): void {
    const by = o.by ?? LOCAL;
    if (!NAME.test(name) || name.includes('//') || name.endsWith('/')) throw new InvalidArgumentError(`invalid name '${name}'`, { reason: 'bad-name' });
    if (this.system.registry.getLocal(name) !== undefined) throw new AlreadyExistsError(`'${name}' is an existing actor id`, { reason: 'name-taken' });
    const slash = name.indexOf('/');
    if (slash > 0 && this.system.kinds.has(name.slice(0, slash))) throw new AlreadyExistsError(`'${name}' belongs to the virtual actor kind '${name.slice(0, slash)}'`, { reason: 'name-taken' });
    const previous = this.names.get(name);
    if (previous !== undefined && !o.replace) throw new AlreadyExistsError(`name '${name}' is already registered`, { reason: 'name-taken' });
    if (previous !== undefined) this.checkHolder(name, previous, by);
    if (previous === undefined) this.o.beforeAdd?.(this.names.size);
    this.names.put(name, { pid, by });
  }

  /** False when the name is not registered; PermissionDeniedError when another registrant holds it. */
  unregister(name: string, by: Registrant = LOCAL): boolean {
    const entry = this.names.get(name);
    if (entry === undefined) return false;
    this.checkHolder(name, entry, by);
    return this.names.delete(name);
  }

  /** Drops every name `owner` registered (a closed connection's). */
  unregisterOwner(owner: string): number {
    const names = this.names.ownedBy(owner);
    for (const name of names) this.names.delete(name);
    return names.length;
  }

  lookup(name: string): PID | undefined {
    return this.names.get(name)?.pid;
  }

  get size(): number {
    return this.names.size;
  }

  /** The edge's admission of rosetta.v1 name messages from peers (see TenantService). */
  service(): TenantService {
    return { id: REGISTRY_ID, admit: (message, origin) => admitNameMessage(message, origin) };
  }

  /** Local code may do anything; a peer only what it registered itself (same connection, or same token subject). */
  private checkHolder(name: string, entry: NameEntry, by: Registrant): void {
    if (by === LOCAL || entry.by.owner === by.owner) return;
    if (by.subject !== undefined && entry.by.subject === by.subject) return;
    throw new PermissionDeniedError(`name '${name}' is held by another registrant`, { reason: 'name-held' });
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
      try {
        if (m instanceof NameRequest) {
          if (m.op === 'register') {
            this.register(m.name, m.pid!, { replace: m.replace, by: m.by });
            ctx.respond(new TypedMessage(TypeName.RegisterNameResponse, { name: m.name, pid: { Address: m.pid!.address, Id: m.pid!.id } }, m.serializerId));
          } else {
            ctx.respond(new TypedMessage(TypeName.UnregisterNameResponse, { removed: this.unregister(m.name, m.by) }, m.serializerId));
          }
          return;
        }
        if (!(m instanceof TypedMessage)) return;
        const v = m.value as Record<string, any>;
        switch (m.typeName) {
          case TypeName.RegisterName: {
            const pid = pidOf(v['pid']);
            if (!pid) throw new InvalidArgumentError('RegisterName needs a pid', { reason: 'bad-value' });
            this.register(String(v['name'] ?? ''), pid, { replace: Boolean(v['replace']) });
            ctx.respond(new TypedMessage(TypeName.RegisterNameResponse, { name: v['name'], pid: v['pid'] }, m.serializerId));
            break;
          }
          case TypeName.UnregisterName:
            ctx.respond(new TypedMessage(TypeName.UnregisterNameResponse, { removed: this.unregister(String(v['name'] ?? '')) }, m.serializerId));
            break;
          case TypeName.LookupName: {
            const pid = this.lookup(String(v['name'] ?? ''));
            ctx.respond(new TypedMessage(TypeName.LookupNameResponse, { name: v['name'], found: pid !== undefined, ...(pid ? { pid: { Address: pid.address, Id: pid.id } } : {}) }, m.serializerId));
            break;
          }
        }
      } catch (err) {
        ctx.respond(err as RosettaError);
      }
    });
  }
}

function pidOf(o: any): PID | undefined {
  return o && o.Id ? new PID(o.Address ?? '', String(o.Id), 0) : undefined;
}

/**
 * Register and Unregister from a peer need `register` permission on the name; Register
 * may name only a PID the peer hosts. Lookups and anything else pass unchanged.
 */
function admitNameMessage(message: unknown, origin: Origin): unknown {
  if (!(message instanceof TypedMessage)) return message;
  const register = message.typeName === TypeName.RegisterName;
  if (!register && message.typeName !== TypeName.UnregisterName) return message;
  const v = message.value as Record<string, any>;
  const name = String(v['name'] ?? '');
  const p = origin.principal;
  if (p && !permits(p.permissions, 'register', name)) {
    throw new PermissionDeniedError(`not allowed to register the name '${name}'`, { reason: 'register-not-allowed' });
  }
  const by: Registrant = { owner: origin.identity.owner, ...(p ? { subject: `${p.subject}` } : {}) };
  if (!register) return new NameRequest('unregister', name, undefined, false, by, message.serializerId);
  const pid = pidOf(v['pid']);
  if (!pid) throw new InvalidArgumentError('RegisterName needs a pid', { reason: 'bad-value' });
  if (!origin.identity.speaksFor(pid)) {
    throw new PermissionDeniedError(`a name may point only at an actor this connection hosts, not ${pid.address}/${pid.id}`, { reason: 'not-hosted' });
  }
  return new NameRequest('register', name, origin.identity.own({ address: pid.address, id: pid.id, requestId: 0 }), Boolean(v['replace']), by, message.serializerId);
}
