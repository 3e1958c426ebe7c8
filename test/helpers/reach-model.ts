/**
 * The oracle of the reach property test: what a gateway with `--auth` must do with
 * each envelope, written from the documented rules alone (PROTOCOL.md §1a, the
 * edge pipeline's order, the name registry's and the node address book's rules) —
 * deliberately not importing the gateway's code, so a bug there is not shared here.
 *
 * It tracks, for one run: the tenants' names, which tenant holds which node
 * address, the live sessions, and a ledger of every delivery the tokens allow —
 * `inc`s per counter, tagged envelopes per session PID, tagged messages per
 * Proto.Actor node — and predicts the answer to each request.
 *
 * Rules, in the pipeline's order: a claimed sender must be one the connection
 * speaks for (a session: `<owner>/…` at the gateway's address or ''; a node: any id
 * at its declared address or '') → the target (`$relay/<address>/<id>`, or a
 * WebSocket's full PID, or a gateway id) → send permission on the target id → the
 * registry's admission (register permission, the PID must be the registrant's own)
 * → routing in the connection's own tenant: gateway actors, names (which resolve to
 * the PID they hold), live sessions of the tenant, and node addresses the tenant
 * holds, where only a node answering with the declaring member id is reached.
 */

export type Code = 'PERMISSION_DENIED' | 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'ALREADY_EXISTS';

/** Ids the gateway's examples host in every tenant: a name may not take them. */
const GATEWAY_IDS = new Set(['echo', 'trace-echo', 'sink', 'ephemeral', '$registry', 'activator']);
const VIRTUAL_KINDS = new Set(['counter']);
const NAME = /^[A-Za-z0-9_.-][A-Za-z0-9_./-]{0,127}$/;

export interface NameOp { op: 'register' | 'unregister'; name: string; pid: Pid; replace: boolean }

export interface Rule { allow?: string[]; deny?: string[] }
export interface Perms { send?: Rule; register?: Rule; node?: Rule }

export interface ModelActor {
  kind: 'ws' | 'grpc' | 'node';
  tenant: string;
  subject: string;
  perms: Perms;
  /** `ws$<session>`, `$client/<member>`, or `node:<address>`. */
  owner: string;
  /** A node's declared address. */
  address?: string;
}

export interface Pid { address: string; id: string }

/** What the requester gets back: a value, a typed error, nothing (the target does not answer), or a dead letter that may come late. */
export type Answer = { ok: string } | { error: Code; reason?: string } | { none: true } | { lateDeadLetter: true };

export interface World {
  gateway: string;
  /** Listening Proto.Actor nodes: address → the member id they answer with. */
  listening: Map<string, string>;
  /** Addresses held for the whole test by a tenant's own node (its tenant and member id). */
  standing: Map<string, { tenant: string; member: string }>;
}

export interface ModelOptions {
  /**
   * A deliberately wrong oracle, to show the property can fail: 'ignore-deny' forgets deny lists;
   * 'any-holder' lets a tenant reach a node address any tenant holds.
   */
  mutation?: 'ignore-deny' | 'any-holder';
}

/** NATS-style wildcards over `/`-separated ids: `*` one token, `>` (last) one or more. */
export function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('/'), s = subject.split('/');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return i === p.length - 1 && s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

/** `host:port` patterns with `*` on either side, or `>`. */
export function matchesAddress(pattern: string, address: string): boolean {
  if (pattern === '>') return true;
  const cut = (x: string): [string, string] => [x.slice(0, x.lastIndexOf(':')), x.slice(x.lastIndexOf(':') + 1)];
  const [ph, pp] = cut(pattern), [ah, ap] = cut(address);
  return (ph === '*' || ph === ah) && (pp === '*' || pp === ap);
}

interface NameEntry { pid: Pid; owner: string; subject: string }

export class ReachModel {
  readonly names = new Map<string, Map<string, NameEntry>>();
  /** Addresses claimed during the run (besides the standing ones): tenant and the member id declared. */
  readonly held = new Map<string, { tenant: string; member: string }>();
  /** Live streams declaring each address claimed during the run. */
  private readonly streams = new Map<string, number>();
  readonly sessions = new Map<string, Set<string>>();
  /** Ledger: `tenant|counter id` → incs; `tenant|session pid id` → tags; node address → tags. */
  readonly counters = new Map<string, number>();
  readonly sessionTags = new Map<string, string[]>();
  readonly nodeTags = new Map<string, string[]>();

  constructor(readonly world: World, private readonly o: ModelOptions = {}) {}

  permits(rule: Rule | undefined, subject: string, address = false): boolean {
    if (rule === undefined) return true;
    const m = address ? matchesAddress : matches;
    if (this.o.mutation !== 'ignore-deny' && rule.deny?.some((p) => m(p, subject))) return false;
    return rule.allow === undefined || rule.allow.some((p) => m(p, subject));
  }

  speaksFor(a: ModelActor, pid: Pid): boolean {
    if (a.kind === 'node') return (pid.address === '' || pid.address === a.address) && pid.id.length > 0;
    return (pid.address === '' || pid.address === this.world.gateway) && pid.id.startsWith(a.owner + '/') && pid.id.length > a.owner.length + 1;
  }

  /** A claimed PID with its address filled in. */
  own(a: ModelActor, pid: Pid): Pid {
    return { address: a.kind === 'node' ? a.address! : this.world.gateway, id: pid.id };
  }

  /** A client connection opens: a gRPC client's member id must not be live in its tenant (another tenant's is no matter). */
  sessionOpened(a: ModelActor): { ok: true } | { error: Code; reason: string } {
    let s = this.sessions.get(a.tenant);
    if (s === undefined) this.sessions.set(a.tenant, (s = new Set()));
    if (s.has(a.owner)) return { error: 'ALREADY_EXISTS', reason: 'member-in-use' };
    s.add(a.owner);
    return { ok: true };
  }

  holder(address: string): { tenant: string; member: string } | undefined {
    return this.world.standing.get(address) ?? this.held.get(address);
  }

  /** A server connection declaring `address` with `member`: accepted, or refused with a reason. */
  declare(a: Omit<ModelActor, 'owner' | 'kind'>, address: string, member: string): { ok: true } | { error: Code; reason: string } {
    if (address === this.world.gateway) return { error: 'PERMISSION_DENIED', reason: 'own-address' };
    if (!this.permits(a.perms.node, address, true)) return { error: 'PERMISSION_DENIED', reason: 'node-not-allowed' };
    const h = this.holder(address);
    if (h !== undefined && h.tenant !== a.tenant) return { error: 'PERMISSION_DENIED', reason: 'address-held' };
    if (!this.world.standing.has(address)) {
      this.held.set(address, { tenant: a.tenant, member });
      this.streams.set(address, (this.streams.get(address) ?? 0) + 1);
    }
    return { ok: true };
  }

  /**
   * A connection ended: a session's PIDs are dead and its names dropped; a node stream gives its address
   * back when it was the last to hold it (a standing node's own stream never ends), and that address's
   * names go with it.
   */
  closed(a: ModelActor): void {
    if (a.kind !== 'node') {
      this.sessions.get(a.tenant)?.delete(a.owner);
      this.dropNames(a.tenant, a.owner);
      return;
    }
    if (this.world.standing.has(a.address!)) return;
    const left = (this.streams.get(a.address!) ?? 1) - 1;
    this.streams.set(a.address!, left);
    if (left > 0) return;
    this.held.delete(a.address!);
    this.dropNames(a.tenant, a.owner);
  }

  private dropNames(tenant: string, owner: string): void {
    const names = this.names.get(tenant);
    for (const [k, e] of names ?? []) if (e.owner === owner) names!.delete(k);
  }

  /**
   * One envelope from `a` to `target` (as written on its transport), with a claimed `sender` (a request
   * when it is the actor's own), carrying `inc` tagged `tag` — or a RegisterName. Returns the answer the
   * sender gets (meaningful for a valid sender), after booking every delivery.
   */
  deliver(a: ModelActor, target: Pid, sender: Pid | undefined, tag: string, nameOp?: NameOp): Answer {
    if (sender !== undefined && !this.speaksFor(a, sender)) return { error: 'INVALID_ARGUMENT', reason: 'foreign-sender' };
    const gw = this.world.gateway;
    let to: Pid;
    const relay = /^\$relay\/([^/]+)\/(.+)$/.exec(target.id);
    if (relay) {
      if (/^\$relay\/([^/]+)\/(.+)$/.test(relay[2]!)) return { error: 'INVALID_ARGUMENT', reason: 'bad-target' };
      to = { address: relay[1]!, id: relay[2]! };
    } else if (target.id.startsWith('$relay/')) {
      return { error: 'INVALID_ARGUMENT', reason: 'bad-target' };
    } else {
      to = { address: a.kind === 'ws' && target.address !== '' ? target.address : gw, id: target.id };
    }
    if (!this.permits(a.perms.send, to.id)) return { error: 'PERMISSION_DENIED', reason: 'send-not-allowed' };
    if (to.address === gw && to.id === '$registry' && nameOp !== undefined) return this.nameOp(a, nameOp);
    return this.route(a.tenant, to, sender !== undefined, tag, 0);
  }

  /** The registry's admission at the edge (register permission, own PIDs only), then the registry's own rules. */
  private nameOp(a: ModelActor, r: NameOp): Answer {
    if (!this.permits(a.perms.register, r.name)) return { error: 'PERMISSION_DENIED', reason: 'register-not-allowed' };
    if (r.op === 'register' && !this.speaksFor(a, r.pid)) return { error: 'PERMISSION_DENIED', reason: 'not-hosted' };
    let names = this.names.get(a.tenant);
    if (names === undefined) this.names.set(a.tenant, (names = new Map()));
    const previous = names.get(r.name);
    const mayChange = (e: NameEntry): boolean => e.owner === a.owner || e.subject === a.subject;
    if (r.op === 'unregister') {
      if (previous === undefined) return { ok: 'removed:false' };
      if (!mayChange(previous)) return { error: 'PERMISSION_DENIED', reason: 'name-held' };
      names.delete(r.name);
      return { ok: 'removed:true' };
    }
    if (!NAME.test(r.name) || r.name.includes('//') || r.name.endsWith('/')) return { error: 'INVALID_ARGUMENT', reason: 'bad-name' };
    if (GATEWAY_IDS.has(r.name) || VIRTUAL_KINDS.has(r.name.split('/')[0]!) && r.name.includes('/')) return { error: 'ALREADY_EXISTS', reason: 'name-taken' };
    if (previous !== undefined && !r.replace) return { error: 'ALREADY_EXISTS', reason: 'name-taken' };
    if (previous !== undefined && !mayChange(previous)) return { error: 'PERMISSION_DENIED', reason: 'name-held' };
    names.set(r.name, { pid: this.own(a, r.pid), owner: a.owner, subject: a.subject });
    return { ok: r.name };
  }

  /** Routing in `tenant`'s space; `replies`: the message has a sender that would be answered. */
  private route(tenant: string, to: Pid, replies: boolean, tag: string, depth: number): Answer {
    const gw = this.world.gateway;
    const deadLetter: Answer = { error: 'NOT_FOUND', reason: 'dead-letter' };
    if (to.address !== gw) {
      const h = this.holder(to.address);
      if (h === undefined || (h.tenant !== tenant && this.o.mutation !== 'any-holder')) return deadLetter;
      const member = this.world.listening.get(to.address);
      if (member === undefined || member !== h.member) return { lateDeadLetter: true };
      if (to.id !== 'echo') return deadLetter; // the node answers DeadLetterResponse itself
      this.book(this.nodeTags, to.address, tag);
      return { ok: 'inc' };
    }
    if (to.id === 'echo') return { ok: 'inc' };
    if (to.id.startsWith('counter/')) {
      const k = `${tenant}|${to.id}`;
      const n = (this.counters.get(k) ?? 0) + 1;
      this.counters.set(k, n);
      return { ok: String(n) };
    }
    const entry = this.names.get(tenant)?.get(to.id);
    if (entry !== undefined && depth === 0) return this.route(tenant, entry.pid, replies, tag, 1);
    const owner = /^(ws\$[^/]+|\$client\/[^/]+)\/./.exec(to.id)?.[1];
    if (owner !== undefined && this.sessions.get(tenant)?.has(owner)) {
      this.book(this.sessionTags, `${tenant}|${to.id}`, tag);
      return { none: true };
    }
    return deadLetter;
  }

  private book(m: Map<string, string[]>, k: string, tag: string): void {
    const l = m.get(k);
    if (l === undefined) m.set(k, [tag]); else l.push(tag);
  }

  lookup(tenant: string, name: string): Pid | undefined {
    return this.names.get(tenant)?.get(name)?.pid;
  }
}
