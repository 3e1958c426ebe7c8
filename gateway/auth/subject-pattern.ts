/**
 * NATS-style wildcards over actor ids and names, with `/` as the token
 * separator: `*` matches exactly one token, `>` (last token only) matches one
 * or more. `orders/*` matches `orders/42` but not `orders/42/items`;
 * `orders/>` matches both; `>` matches everything.
 */
export function matchesPattern(pattern: string, subject: string): boolean {
  const p = pattern.split('/');
  const s = subject.split('/');
  for (let i = 0; i < p.length; i++) {
    const tok = p[i]!;
    if (tok === '>') return i === p.length - 1 && s.length > i;
    if (i >= s.length) return false;
    if (tok !== '*' && tok !== s[i]) return false;
  }
  return p.length === s.length;
}

/** Valid patterns: non-empty tokens, `>` only last. */
export function isValidPattern(pattern: string): boolean {
  if (pattern.length === 0 || pattern.length > 512) return false;
  const toks = pattern.split('/');
  return toks.every((t, i) => t.length > 0 && (t !== '>' || i === toks.length - 1));
}
