/**
 * The composition root: one configuration with its defaults, the setup hook per
 * tenant, and one metrics registry every layer reports to.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { SyncedDocuments } from '../../adapters/ts/documents.js';
import { RosettaClient } from '../../adapters/ts/index.js';
import { MetricsRegistry, PID, Props } from '../../gateway/actors/index.js';
import { defaultGatewayConfig, resolveConfig } from '../../gateway/config.js';
import { Gateway } from '../../gateway/gateway.js';
import { silentLogger } from '../../gateway/log/index.js';
import { waitFor } from '../helpers/wait.js';

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

test('gateway: document hooks — onLoad seeds a document, onChange (debounced) and onStore fire — and the setup hook\'s registry is the one clients sync with', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rosetta-gw-docs-'));
  const events: string[] = [];
  const gw = await Gateway.start({ grpc: { port: 0 }, ws: { port: 0 }, logger: silentLogger, fdMonitor: false, dataDir, documents: { limits: { changeDebounceMs: 20, changeMaxDebounceMs: 100 } } }, {
    documents: (tenant) => ({
      onLoad: ({ name, doc }) => { events.push(`load ${tenant} ${name}`); if (doc.getMap('m').size === 0) doc.getMap('m').set('seeded', true); },
      onChange: ({ name }) => { events.push(`change ${name}`); },
      onStore: ({ name }) => { events.push(`store ${name}`); },
    }),
    setup: (t) => {
      t.actor('reader', Props.fromFunc(async (ctx) => {
        if (ctx.message !== 'read') return;
        const live = await t.documents!.open('notes/1');
        try { ctx.respond(JSON.stringify(live.doc.getMap('m').toJSON())); } finally { t.documents!.release(live); }
      }));
    },
  });
  try {
    const c = await RosettaClient.connect({ url: gw.addresses.ws, reconnect: false });
    const d = new SyncedDocuments(c).open('notes/1');
    await d.synced;
    assert.equal(d.doc.getMap('m').get('seeded'), true, 'seeded by onLoad before anyone saw it');
    d.doc.getMap('m').set('edited', 1);
    await d.flushed();
    assert.deepEqual(JSON.parse(await c.request<string>({ id: 'reader' }, 'read')), { seeded: true, edited: 1 });
    await waitFor(() => events.includes('change notes/1') && events.includes('store notes/1'), 5000, 'onChange and onStore');
    assert.equal(events[0], 'load default notes/1');
    c.close();
    await c.closed;
  } finally {
    await gw.stop();
  }
});

test('gateway: without documents, a documents frame is answered UNIMPLEMENTED documents-disabled and there is no y-websocket endpoint', async () => {
  const gw = await Gateway.start({ grpc: { port: 0 }, ws: { port: 0 }, logger: silentLogger, fdMonitor: false, documents: { enabled: false } });
  try {
    const c = await RosettaClient.connect({ url: gw.addresses.ws, reconnect: false });
    const errors = c.errors()[Symbol.asyncIterator]();
    c.sendDocumentFrame(Uint8Array.of(1, 0x61, 0));
    const e = (await errors.next()).value as Error & { code?: string; reason?: string };
    assert.equal(`${e.code}/${e.reason}`, 'UNIMPLEMENTED/documents-disabled');
    assert.equal(await c.request({ id: '$crdt' }, 'x').catch((err: Error & { code?: string }) => err.code), 'NOT_FOUND');
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${gw.addresses.ws}/yjs/notes/1`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    assert.equal(refused, 401, 'the session endpoint refuses an upgrade without its subprotocol');
    c.close();
    await c.closed;
  } finally {
    await gw.stop();
  }
});
