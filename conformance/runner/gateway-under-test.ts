/**
 * The one gateway a run certifies against: `rosetta start --auth` in a fresh data directory,
 * hosting the ts agent's actors (`--actors`), knowing the ports of the v2024 Proto.Actor nodes
 * (`--peer <addr>=v2024`), with a small envelope quota for the backpressure tenant. Tokens come
 * from the embedded issuer's key store in that directory, as `rosetta token create` makes them —
 * plus an expired one, which the command line refuses to make.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeyStore } from '../../gateway/index.js';
import { RevocationStore } from '../../gateway/auth/index.js';
import { GatewayProcess } from './gateway-process.js';

export const TS_ACTORS_MODULE = fileURLToPath(new URL('../agents/ts/in-gateway.js', import.meta.url));

/** The tenants a run uses. */
export const Tenants = { main: 'conf-a', other: 'conf-b', throttled: 'conf-bp' } as const;
/** Only ids under this prefix may be sent to with the `scoped` token (Auth.OutOfScope). */
export const SCOPED_PREFIX = 'conformance-allowed';
/** The throttled tenant's inbound envelope rate (Recommended.Backpressure). */
export const THROTTLED_RATE = 200;

export interface Tokens {
  /** Tenant conf-a, no restrictions: every agent's session "". */
  main: string;
  /** Tenant conf-b. */
  other: string;
  /** Tenant conf-a, expired ten minutes ago. */
  expired: string;
  /** Tenant conf-a, may send only to `conformance-allowed/>`. */
  scoped: string;
  /** Tenant conf-bp, under a small envelope quota. */
  throttled: string;
  /** Tenant conf-a, signed by a key the gateway does not know. */
  forged: string;
  /** The main token with its payload changed after signing (tenant conf-b). */
  tampered: string;
  /** Tenant conf-a, revoked by its jti before the gateway started. */
  revoked: string;
}

/** A well-formed token from a key store the gateway under test has never seen. */
async function forge(tenant: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rosetta-forger-'));
  try {
    return await (await new KeyStore(dir).open()).issue({ tenant, subject: 'conformance-forger', ttlSeconds: 3600 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export class GatewayUnderTest {
  private constructor(readonly process: GatewayProcess, readonly dataDir: string, readonly tokens: Tokens) {}

  get grpc(): string { return this.process.address; }
  get ws(): string { return this.process.wsUrl; }

  /** `v2024Ports`: loopback ports where v2024 nodes will listen. */
  static async start(o: { v2024Ports: number[]; host?: string }): Promise<GatewayUnderTest> {
    const dataDir = mkdtempSync(join(tmpdir(), 'rosetta-conformance-'));
    const keys = await new KeyStore(dataDir).open();
    const issue = (tenant: string, subject: string, ttlSeconds = 4 * 3600, send?: string[]) =>
      keys.issue({ tenant, subject, ttlSeconds, ...(send ? { permissions: { send: { allow: send } } } : {}) });
    const tokens: Tokens = {
      main: await issue(Tenants.main, 'conformance'),
      other: await issue(Tenants.other, 'conformance'),
      expired: await issue(Tenants.main, 'conformance-expired', -600),
      scoped: await issue(Tenants.main, 'conformance-scoped', 4 * 3600, [`${SCOPED_PREFIX}/>`]),
      throttled: await issue(Tenants.throttled, 'conformance'),
      forged: await forge(Tenants.main),
      tampered: '',
      revoked: await keys.issue({ tenant: Tenants.main, subject: 'conformance-revoked', ttlSeconds: 3600, jti: 'conformance-revoked' }),
    };
    const [head, body, signature] = tokens.main.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
    tokens.tampered = [head, Buffer.from(JSON.stringify({ ...claims, tid: Tenants.other })).toString('base64url'), signature].join('.');
    RevocationStore.revokeToken(dataDir, 'conformance-revoked', Math.floor(Date.now() / 1000) + 3600);
    const host = o.host ?? '127.0.0.1';
    const args = [
      '--auth', '--data-dir', dataDir, '--actors', TS_ACTORS_MODULE, '--host', host,
      ...o.v2024Ports.flatMap((p) => ['--peer', `${host}:${p}=v2024`]),
      '--quota', `${Tenants.throttled}:envelopesPerSecond=${THROTTLED_RATE}`,
    ];
    const gw = await GatewayProcess.start(args, { command: 'start' });
    return new GatewayUnderTest(gw, dataDir, tokens);
  }

  stderrTail(): string {
    return this.process.stderr.slice(-3000);
  }

  async stop(): Promise<void> {
    await this.process.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
