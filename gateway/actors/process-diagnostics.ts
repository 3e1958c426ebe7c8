/**
 * What an operator can ask an actor system about its processes, as Proto.Actor's
 * `ListProcesses` / `GetProcessDiagnostics` do: the ids of local processes that
 * match a pattern, and a JSON description of one process (mailbox depth and state,
 * parent, children, watchers, virtual identity, restarts).
 */
import { ActorCell } from './actor-cell.js';
import type { ActorSystem } from './actor-system.js';
import { ageOf, F_BUSY, F_DEAD, F_SUSPENDED, F_USED } from './cell-flags.js';
import { identityOf } from './virtual/virtual-kind.js';

export type ProcessMatch = 'part' | 'exact' | 'regex';

/** A quantified group that is itself quantified, e.g. `(a+)+`: the catastrophic-backtracking shape. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{?]/;

/** Throws a RangeError for a pattern that is too long or, as a regex, invalid or prone to catastrophic backtracking. */
export function processMatcher(pattern: string, match: ProcessMatch): (id: string) => boolean {
  if (pattern.length > 256) throw new RangeError('pattern longer than 256 characters');
  if (match === 'exact') return (id) => id === pattern;
  if (match === 'part') return (id) => id.includes(pattern);
  if (NESTED_QUANTIFIER.test(pattern)) throw new RangeError('regex with a quantified group inside a quantifier is refused (catastrophic backtracking)');
  let re: RegExp;
  try { re = new RegExp(pattern, 'u'); } catch (err) { throw new RangeError(`invalid regex: ${(err as Error).message}`); }
  return (id) => re.test(id);
}

/** Local process ids accepted by `accept`, in registration order, at most `limit`. */
export function listProcessIds(system: ActorSystem, accept: (id: string) => boolean, limit: number): string[] {
  const out: string[] = [];
  for (const id of system.registry.localIds()) {
    if (!accept(id)) continue;
    out.push(id);
    if (out.length >= limit) break;
  }
  return out;
}

/** A JSON description of the local process `id`, or undefined when there is none. */
export function describeProcess(system: ActorSystem, id: string): string | undefined {
  const p = system.registry.getLocal(id);
  if (p === undefined) return undefined;
  if (!(p instanceof ActorCell)) return JSON.stringify({ id, process: p.constructor.name });
  const x = p.x;
  const kind = p.props.virtualKind;
  const state = (p.flags & F_DEAD) !== 0 ? 'stopped' : (p.flags & F_SUSPENDED) !== 0 ? 'suspended' : (p.flags & F_BUSY) !== 0 ? 'running' : 'idle';
  return JSON.stringify({
    id,
    process: 'actor',
    state,
    mailbox: { user: p.userCount },
    parent: x?.parent?.id ?? null,
    children: x?.children ? [...x.children.values()].map((c) => c.id) : [],
    watchers: x?.watchers ? [...x.watchers.values()].map((w) => `${w.address}/${w.id}`) : [],
    // A virtual actor stores neither: both come from its id and its kind.
    virtual: kind ? { kind: kind.name, identity: identityOf(kind, id) } : null,
    ...(kind ? { idleSweeps: (p.flags & F_USED) !== 0 ? 0 : ageOf(p.flags) } : {}),
    restarts: x?.restartStats ? x.restartStats.failureCount : 0,
    stashed: x?.stash ? x.stash.length >> 1 : 0,
  });
}
