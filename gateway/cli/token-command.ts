/**
 * `rosetta token create` and `rosetta keys rotate|jwks`: tenant-scoped tokens from
 * the embedded issuer, whose Ed25519 keys live in the data directory.
 *
 * @example
 *   rosetta token create --tenant acme --sub alice --allow-send 'orders/*' --ttl 1h
 *   rosetta token create --tenant acme --sub go-node --allow-node '127.0.0.1:*' --json   # {"token","jti","expiresAt",…}
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import { KeyStore, parsePermissions, parseTtl, RevocationStore, type Permissions } from '../auth/index.js';

export async function tokenCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') { process.stderr.write('usage: rosetta token create --tenant <id> --sub <subject> [options]\n'); return 2; }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        tenant: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string', default: '1h' },
        audience: { type: 'string', default: 'rosetta' }, 'data-dir': { type: 'string', default: '.rosetta-data' },
        'allow-send': { type: 'string', multiple: true }, 'deny-send': { type: 'string', multiple: true },
        'allow-register': { type: 'string', multiple: true }, 'deny-register': { type: 'string', multiple: true },
        'allow-crdt-read': { type: 'string', multiple: true }, 'deny-crdt-read': { type: 'string', multiple: true },
        'allow-crdt-write': { type: 'string', multiple: true }, 'deny-crdt-write': { type: 'string', multiple: true },
        'allow-node': { type: 'string', multiple: true }, 'deny-node': { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
      },
    }));
    if (!values.tenant || !values.sub) throw new Error('--tenant and --sub are required');
    const perm: Record<string, { allow?: string[]; deny?: string[] }> = {};
    const put = (action: string, key: 'allow' | 'deny', list: string[] | undefined) => { if (list) (perm[action] ??= {})[key] = list; };
    put('send', 'allow', values['allow-send']); put('send', 'deny', values['deny-send']);
    put('register', 'allow', values['allow-register']); put('register', 'deny', values['deny-register']);
    put('crdtRead', 'allow', values['allow-crdt-read']); put('crdtRead', 'deny', values['deny-crdt-read']);
    put('crdtWrite', 'allow', values['allow-crdt-write']); put('crdtWrite', 'deny', values['deny-crdt-write']);
    put('node', 'allow', values['allow-node']); put('node', 'deny', values['deny-node']);
    const permissions: Permissions = parsePermissions(perm);
    const store = await new KeyStore(values['data-dir']).open();
    const jti = randomUUID();
    const token = await store.issue({ tenant: values.tenant, subject: values.sub, ttlSeconds: parseTtl(values.ttl), permissions, audience: values.audience, jti });
    if (values.json) {
      const exp = decodeJwt(token).exp!;
      process.stdout.write(JSON.stringify({ token, jti, tenant: values.tenant, subject: values.sub, expiresAt: exp, permissions }) + '\n');
    } else {
      process.stdout.write(token + '\n');
      process.stderr.write(`jti ${jti} (revoke with: rosetta revoke --jti ${jti} --exp ${decodeJwt(token).exp})\n`);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`rosetta token: ${(err as Error).message}\n`);
    return 2;
  }
}

export async function keysCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { 'data-dir': { type: 'string', default: '.rosetta-data' } } });
  const store = await new KeyStore(values['data-dir']).open();
  if (positionals[0] === 'rotate') { process.stdout.write(`new signing key ${await store.rotate()}\n`); return 0; }
  if (positionals[0] === 'jwks') { process.stdout.write(JSON.stringify(store.jwks(), null, 2) + '\n'); return 0; }
  process.stderr.write('usage: rosetta keys rotate | rosetta keys jwks [--data-dir dir]\n');
  return 2;
}

/**
 * `rosetta revoke --jti <id>` revokes one token; `rosetta revoke --tenant t --sub s` every token
 * of that subject issued until now (or `--before <epoch s>`). A running gateway on the same data
 * directory picks it up within a second and closes the connections holding such tokens.
 */
export async function revokeCommand(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        jti: { type: 'string' }, exp: { type: 'string' }, token: { type: 'string' }, tenant: { type: 'string' }, sub: { type: 'string' }, before: { type: 'string' },
        'data-dir': { type: 'string', default: '.rosetta-data' },
      },
    });
    const dir = values['data-dir'];
    if (values.token) {
      // The token itself says which jti to revoke and until when the entry matters.
      const { jti, exp } = decodeJwt(values.token);
      if (!jti) throw new Error('the token has no jti: revoke its subject instead (--tenant --sub)');
      RevocationStore.revokeToken(dir, jti, exp);
      process.stdout.write(`revoked token ${jti}\n`);
      return 0;
    }
    if (values.jti) {
      RevocationStore.revokeToken(dir, values.jti, values.exp ? Number(values.exp) : undefined);
      process.stdout.write(`revoked token ${values.jti}\n`);
      return 0;
    }
    if (values.tenant && values.sub) {
      const before = values.before ? Number(values.before) : Math.floor(Date.now() / 1000) + 1;
      if (!Number.isFinite(before)) throw new Error('--before must be epoch seconds');
      RevocationStore.revokeSubjectBefore(dir, values.tenant, values.sub, before);
      process.stdout.write(`revoked tokens of ${values.tenant}/${values.sub} issued before ${new Date(before * 1000).toISOString()}\n`);
      return 0;
    }
    throw new Error('give --token <jwt>, --jti <id> [--exp <epoch s>], or --tenant <id> --sub <subject> [--before <epoch s>]');
  } catch (err) {
    process.stderr.write(`rosetta revoke: ${(err as Error).message}\n`);
    return 2;
  }
}
