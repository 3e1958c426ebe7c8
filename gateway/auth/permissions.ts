/**
 * What a token holder may do, modelled on NATS user permissions: per action an
 * allow list and a deny list of wildcard patterns. Deny always wins; an absent
 * allow list allows everything not denied, a present one allows only what it
 * lists.
 */
import { InvalidArgumentError } from '../../protocol/errors.js';
import { isValidPattern, matchesPattern } from './subject-pattern.js';

export type Action = 'send' | 'register' | 'crdtRead' | 'crdtWrite';
export const ACTIONS: readonly Action[] = ['send', 'register', 'crdtRead', 'crdtWrite'];

export interface Rule {
  allow?: readonly string[];
  deny?: readonly string[];
}

export type Permissions = Partial<Record<Action, Rule>>;

export function permits(perms: Permissions, action: Action, subject: string): boolean {
  const rule = perms[action];
  if (!rule) return true;
  if (rule.deny?.some((p) => matchesPattern(p, subject))) return false;
  if (rule.allow === undefined) return true;
  return rule.allow.some((p) => matchesPattern(p, subject));
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
      if (!Array.isArray(list) || list.length > 256 || !list.every((p) => typeof p === 'string' && isValidPattern(p))) {
        throw new InvalidArgumentError(`perm.${action}.${key} must be a list of valid patterns`);
      }
      r[key] = list as string[];
    }
    out[action as Action] = r;
  }
  return out;
}
