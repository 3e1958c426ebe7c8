/**
 * The composition root: one configuration with its defaults, the setup hook per
 * tenant, and one metrics registry every layer reports to.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RosettaClient } from '../../adapters/ts/index.js';
import { MetricsRegistry, PID, Props } from '../../gateway/actors/index.js';
import { defaultGatewayConfig, resolveConfig } from '../../gateway/config.js';
import { Gateway } from '../../gateway/gateway.js';
import { silentLogger } from '../../gateway/log/index.js';

test('config: the defaults live in one place and a partial configuration overrides only what it names', () => {
  const d = defaultGatewayConfig();
  const c = resolveConfig({ grpc: { port: 0 }, quotas: { default: { names: 5 } }, auth: { enabled: true } });
  assert.equal(c.grpc.port, 0);
  assert.equal(c.grpc.dialect, d.grpc.dialect);
  assert.equal(c.ws.port, d.ws.port);
  assert.equal(c.quotas.default.names, 5);
  assert.equal(c.quotas.default.connections, d.quotas.default.connections);
  assert.equal(c.auth.enabled, true);
  assert.equal(c.auth.devToken, false);
});

test('gateway: the setup hook runs once per tenant space; every layer reports to the one metrics registry', async () => {
  const metrics = new MetricsRegistry();
  const seen: string[] = [];
  const gw = await Gateway.start({ grpc: { port: 0 }, ws: { port: 0 }, logger: silentLogger, fdMonitor: false }, {
    metrics,
    setup: (t) => { seen.push(t.tenant); t.actor('greeter', Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(`hi ${ctx.message}`); })); },
  });
  try {
    const c = await RosettaClient.connect({ url: gw.addresses.ws, reconnect: false });
    assert.equal(await c.request({ id: 'greeter' }, 'you'), 'hi you');
    await assert.rejects(c.request({ id: 'nobody' }, 'x'), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
    assert.deepEqual(seen, ['default'], 'one space without auth, set up once');
    gw.space().system.root.send(new PID(gw.addresses.grpc, 'also-nobody'), 'x');
    const s = metrics.snapshot();
    assert.equal(s['rosetta_connections{transport="ws",tenant="default"}'], 1);
    assert.equal(s['rosetta_envelopes_received_total{tenant="default",transport="ws"}'], 2);
    assert.ok(metrics.total('rosetta_dead_letters_total', 'tenant="default"') >= 2);
    assert.ok(metrics.total('rosetta_live_actors', 'tenant="default"') >= 3, 'the registry, the activator and greeter are live');
    assert.match(metrics.prometheus(), /# TYPE rosetta_envelopes_received_total counter/);
    c.close();
    await c.closed;
  } finally {
    await gw.stop();
  }
});
