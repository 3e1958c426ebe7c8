/**
 * What a token holder may do, modelled on NATS user permissions: per action an
 * allow list and a deny list of wildcard patterns. Deny always wins; an absent
 * allow list allows everything not denied, a present one allows only what it
 * lists.
 */
import { InvalidArgumentError } from '../../protocol/errors.js';
import { isValidAddressPattern, isValidPattern, matchesAddressPattern, matchesPattern } from './subject-pattern.js';

/**
 * `send`: target ids; `register`: names; `crdtRead`/`crdtWrite`: document names (ids and names
 * match `/`-separated NATS wildcards); `node`: the `host:port` a Proto.Actor node holding the token
 * may advertise (`127.0.0.1:*`, see matchesAddressPattern).
 */
export type Action = 'send' | 'register' | 'crdtRead' | 'crdtWrite' | 'node';
export const ACTIONS: readonly Action[] = ['send', 'register', 'crdtRead', 'crdtWrite', 'node'];

export interface Rule {
  allow?: readonly string[];
  deny?: readonly string[];
}

export type Permissions = Partial<Record<Action, Rule>>;

export function permits(perms: Permissions, action: Action, subject: string): boolean {
  const rule = perms[action];
  if (!rule) return true;
  const matches = action === 'node' ? matchesAddressPattern : matchesPattern;
  if (rule.deny?.some((p) => matches(p, subject))) return false;
  if (rule.allow === undefined) return true;
  return rule.allow.some((p) => matches(p, subject));
}

/** Parses the `perm` claim: `{ send: { allow: [...], deny: [...] }, … }`. */
export function parsePermissions(claim: unknown): Permissions {
  if (claim === undefined) return {};
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) throw new InvalidArgumentError('perm claim must be an object');
  const out: Permissions = {};
  for (const [action, rule] of Object.entries(claim)) {
    if (!ACTIONS.includes(action as Action)) throw new InvalidArgumentError(`unknown permission action '${action}'`);
    if (typeof rule !== 'object' || rule === null) throw new InvalidArgumentError(`perm.${action} must be an object`);
    const r: Rule = {};
    for (const key of ['allow', 'deny'] as const) {
      const list = (rule as Record<string, unknown>)[key];
      if (list === undefined) continue;
      const valid = action === 'node' ? isValidAddressPattern : isValidPattern;
      if (!Array.isArray(list) || list.length > 256 || !list.every((p) => typeof p === 'string' && valid(p))) {
        throw new InvalidArgumentError(`perm.${action}.${key} must be a list of valid patterns`);
      }
      r[key] = list as string[];
    }
    out[action as Action] = r;
  }
  return out;
}
