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

/**
 * Node address patterns (the `node` permission: which `host:port` a token's holder may
 * advertise as its Proto.Actor node): `<host>:<port>` where either side is a literal or
 * `*`, or `>` for any address. `127.0.0.1:*` is any port on 127.0.0.1; `*:8091` is port
 * 8091 on any host. Split at the last `:`, so IPv6 hosts (`[::1]:8091`) work.
 */
export function matchesAddressPattern(pattern: string, address: string): boolean {
  if (pattern === '>') return true;
  const p = splitAddress(pattern);
  const a = splitAddress(address);
  if (p === undefined || a === undefined) return false;
  return (p[0] === '*' || p[0] === a[0]) && (p[1] === '*' || p[1] === a[1]);
}

export function isValidAddressPattern(pattern: string): boolean {
  if (pattern === '>') return true;
  const p = splitAddress(pattern);
  return p !== undefined && pattern.length <= 512 && (p[1] === '*' || /^\d{1,5}$/.test(p[1]));
}

function splitAddress(s: string): [string, string] | undefined {
  const i = s.lastIndexOf(':');
  if (i <= 0 || i === s.length - 1) return undefined;
  return [s.slice(0, i), s.slice(i + 1)];
}
