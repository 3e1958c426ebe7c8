/**
 * The per-envelope authorization both transports apply: sending needs `send` on
 * the target id; registering a name (rosetta.v1.RegisterName to any target) also
 * needs `register` on that name. Returns why an envelope is denied, or undefined.
 */
import type { Principal } from './token-verifier.js';
import { permits } from './permissions.js';

export function denial(principal: Principal | undefined, targetId: string, message: unknown): string | undefined {
  if (!principal) return undefined;
  if (!permits(principal.permissions, 'send', targetId)) return `not allowed to send to ${targetId}`;
  const m = message as { typeName?: string; value?: { name?: unknown } } | null;
  if (m && m.typeName === 'rosetta.v1.RegisterName') {
    const name = String(m.value?.name ?? '');
    if (!permits(principal.permissions, 'register', name)) return `not allowed to register the name '${name}'`;
  }
  return undefined;
}
