/**
 * The WebSocket transport with a real gateway process (`rosetta dev --auth`), the
 * TS client (Node, `ws`) and a real protoactor-go node in the same exchange.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { RosettaClient, type Typed } from '../../../adapters/ts/index.js';
import { encodeWsFrame } from '../../../protocol/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { GoPeer } from '../../helpers/go-peer.js';
import { eventually } from '../../helpers/wait.js';

const bin = fileURLToPath(new URL('../../../../bin/rosetta.mjs', import.meta.url));
const WS = WebSocket as unknown as NonNullable<Parameters<typeof RosettaClient.connect>[0]['WebSocket']>;

describe('ws - TS client, gateway and a Go node', () => {
  let dataDir: string;
  let gw: GatewayProcess;
  let go: GoPeer;
  let token: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rosetta-ws-'));
    gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
    token = gw.events.find((e) => e['event'] === 'listening')!['devToken'] as string;
    go = await GoPeer.start('v2025', ['--token', token]);
  });
  after(async () => { await go?.exit(); await gw?.stop(); });

  const connect = (t: string | undefined = token) => RosettaClient.connect({ url: gw.wsUrl, token: t, WebSocket: WS });

  test('request/response with a TS actor; headers reach it', async () => {
    const c = await connect();
    try {
      assert.equal(await c.request({ id: 'echo' }, 'hello ws', { timeoutMs: 3000 }), 'hello ws');
      assert.equal(await c.request({ id: 'trace-echo' }, 'x', { headers: { traceparent: '00-abc-01' } }), '00-abc-01');
      assert.equal(await c.request({ id: 'counter/ws' }, 'inc'), '1');
    } finally { c.close(); }
  });

  test('a browser-shaped client and a Go node exchange requests through the gateway, both ways', async () => {
    const c = await connect();
    try {
      // A tenant only dials nodes that authenticated as that tenant: the Go node introduces itself first.
      await go.call({ op: 'request', address: gw.address, id: 'echo', text: 'hello', timeoutMs: 5000 }, (e) => e['event'] === 'reply');
      // client → Go actor (the gateway dials the Go node)
      assert.equal(await c.request({ address: go.address, id: 'echo' }, 'to go', { timeoutMs: 5000 }), 'to go');
      // Go → client-hosted actor (its PID lives at the gateway's address)
      const me = c.spawn((msg, ctx) => ctx.respond(`client saw ${String(msg)}`), 'greeter');
      assert.equal(me.address, gw.address);
      const r = await go.call({ op: 'request', address: me.address, id: me.id, text: 'from go', timeoutMs: 5000 }, (e) => e['event'] === 'reply' || e['event'] === 'error');
      assert.deepEqual(r, { event: 'reply', text: 'client saw from go' });
    } finally { c.close(); }
  });

  test('rosetta.v1.protobuf: the same exchange with protobuf frames — a TS actor, a Go actor, a client-hosted actor, and a msgpack client', async () => {
    const pb = await RosettaClient.connect({ url: gw.wsUrl, token, WebSocket: WS, encoding: 'protobuf' });
    const mp = await connect();
    try {
      assert.equal(await pb.request({ id: 'echo' }, 'over protobuf'), 'over protobuf');
      assert.equal(await pb.request({ id: 'counter/pb' }, 'inc'), '1');
      await go.call({ op: 'request', address: gw.address, id: 'echo', text: 'hello', timeoutMs: 5000 }, (e) => e['event'] === 'reply');
      assert.equal(await pb.request({ address: go.address, id: 'echo' }, 'pb to go', { timeoutMs: 5000 }), 'pb to go');
      const me = pb.spawn((msg, ctx) => ctx.respond(`pb client saw ${String(msg)}`), 'pb-greeter');
      assert.equal(await mp.request(me, 'from msgpack'), 'pb client saw from msgpack');
      const mirror = pb.spawn((msg, ctx) => ctx.respond(msg as Typed), 'mirror');
      for (const serializerId of [1, 32]) {
        const typed = { typeName: 'shop.PlaceOrder', value: { sku: 'A1', qty: 2 }, serializerId };
        assert.deepEqual(await mp.request(mirror, typed), typed);
      }
      const r = await go.call({ op: 'request', address: me.address, id: me.id, text: 'from go', timeoutMs: 5000 }, (e) => e['event'] === 'reply' || e['event'] === 'error');
      assert.deepEqual(r, { event: 'reply', text: 'pb client saw from go' });
    } finally { pb.close(); mp.close(); }
  });

  test('watch both ways: a client watches a Go actor; a Go node watches client actors (stopped, then session closed)', async () => {
    const c = await connect();
    try {
      // client watches a Go actor, which stops → Terminated{Stopped}
      await go.call({ op: 'spawn-local', name: 'watched-by-client' }, (e) => e['event'] === 'spawned-local');
      const w = c.watch({ address: go.address, id: 'watched-by-client' });
      assert.equal(await c.request({ address: go.address, id: 'watched-by-client' }, 'alive?', { timeoutMs: 5000 }), 'alive?'); // the Watch went first on the same stream
      await go.call({ op: 'stop', id: 'watched-by-client' }, (e) => e['event'] === 'stopping');
      const t = await w.terminated;
      assert.deepEqual(t, { who: { address: go.address, id: 'watched-by-client', requestId: 0 }, why: 'stopped' });
      // watching nothing → Terminated{NotFound} at once; an unwatched watch never fires
      assert.equal((await c.watch({ id: 'nobody-here' }).terminated).why, 'not-found');

      // Go watches two client-hosted actors
      const a = c.spawn(() => {}, 'a');
      const b = c.spawn(() => {}, 'b');
      await go.call({ op: 'watch', address: a.address, id: a.id }, (e) => e['event'] === 'watching');
      await go.call({ op: 'watch', address: b.address, id: b.id }, (e) => e['event'] === 'watching');
      // Go's Watch messages went ahead of this request on the same Go → gateway stream: once it is answered, both are held.
      assert.deepEqual(await go.call({ op: 'request', address: gw.address, id: 'echo', text: 'watches sent' }, (e) => e['event'] === 'reply' || e['event'] === 'error'), { event: 'reply', text: 'watches sent' });
      const other = await connect(); // and another client watches b: it sees the reason as the gateway gives it
      const otherWatch = other.watch(b);
      const stopped = go.next((e) => e['event'] === 'terminated' && e['who'] === a.id, 5000, 'a terminated');
      c.stop(a);
      await stopped;
      const lost = go.next((e) => e['event'] === 'terminated' && e['who'] === b.id, 5000, 'b terminated');
      c.close();
      await lost; // protoactor-go reports every remote termination as Stopped (endpoint_watcher.go), so only the event is checked
      assert.equal((await otherWatch.terminated).why, 'address-terminated');
      other.close();
    } finally { c.close(); }
  });

  test('a request to an actor a client no longer hosts fails fast with dead letter', async () => {
    const c = await connect();
    try {
      const x = c.spawn((m, ctx) => ctx.respond('here'), 'x');
      assert.deepEqual(await go.call({ op: 'request', address: x.address, id: x.id, text: 'hi', timeoutMs: 5000 }, (e) => e['event'] === 'reply' || e['event'] === 'error'), { event: 'reply', text: 'here' });
      c.stop(x);
      const t0 = Date.now();
      assert.deepEqual(await go.call({ op: 'request', address: x.address, id: x.id, text: 'hi', timeoutMs: 5000 }, (e) => e['event'] === 'reply' || e['event'] === 'error'), { event: 'error', error: 'dead-letter' });
      assert.ok(Date.now() - t0 < 4000);
    } finally { c.close(); }
  });

  test('typed errors: missing actor → NOT_FOUND, deadline → DEADLINE_EXCEEDED, denied target → PERMISSION_DENIED', async () => {
    const c = await connect();
    try {
      await assert.rejects(c.request({ id: 'nobody' }, 'x'), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
      await assert.rejects(c.request({ id: 'sink' }, 'no reply to this', { timeoutMs: 100 }), (e: Error & { code?: string }) => e.code === 'DEADLINE_EXCEEDED');
    } finally { c.close(); }
    const limited = execFileSync(process.execPath, [bin, 'token', 'create', '--tenant', 'dev', '--sub', 'ws-limited', '--allow-send', 'counter/*', '--data-dir', dataDir], { encoding: 'utf8' }).trim();
    const l = await connect(limited);
    try {
      assert.equal(await l.request({ id: 'counter/lim' }, 'inc'), '1');
      await assert.rejects(l.request({ id: 'echo' }, 'x'), (e: Error & { code?: string }) => e.code === 'PERMISSION_DENIED');
    } finally { l.close(); }
  });

  test('no token, a forged token, an unknown subprotocol and a malformed frame are refused with named codes', async () => {
    await assert.rejects(connect(''), (e: Error & { code?: string }) => e.code === 'UNAUTHENTICATED' && /missing/.test(e.message));
    await assert.rejects(connect(token.slice(0, -4) + 'AAAA'), (e: Error & { code?: string }) => e.code === 'UNAUTHENTICATED');
    const refused = await new Promise<number>((resolve) => {
      const s = new WebSocket(gw.wsUrl, ['rosetta.v0.json']);
      s.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); s.terminate(); });
      s.on('open', () => { resolve(101); s.close(); });
      s.on('error', () => {});
    });
    assert.equal(refused, 401);
    const closeCode = await new Promise<number>((resolve) => {
      const s = new WebSocket(gw.wsUrl, ['rosetta.v1.msgpack']);
      s.on('open', () => { s.send(encodeWsFrame({ type: 'hello', token, client: 't' })); s.send(Buffer.from([0x93, 0x02, 0xc1])); });
      s.on('close', (code) => resolve(code));
      s.on('error', () => {});
    });
    assert.equal(closeCode, 4400);
    // Still serving everyone else.
    const c = await connect();
    try { assert.equal(await c.request({ id: 'echo' }, 'alive'), 'alive'); } finally { c.close(); }
  });
});

describe('ws - names: a browser-hosted actor addressable by name', () => {
  let dataDir: string;
  let gw: GatewayProcess;
  let go: GoPeer;
  let token: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rosetta-ws-names-'));
    gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
    token = gw.events.find((e) => e['event'] === 'listening')!['devToken'] as string;
    go = await GoPeer.start('v2025', ['--token', token]);
  });
  after(async () => { await go?.exit(); await gw?.stop(); });

  const connect = (t: string = token) => RosettaClient.connect({ url: gw.wsUrl, token: t, WebSocket: WS });
  const goAsk = (id: string) => go.call({ op: 'request', address: gw.address, id, text: 'ping', timeoutMs: 3000 }, (e) => e['event'] === 'reply' || e['event'] === 'error');

  test('register → Go reaches it by name → lookup finds it → closing the session drops the name', async () => {
    const c = await connect();
    const pid = await c.register('alice-inbox', (msg, ctx) => ctx.respond(`alice got ${String(msg)}`));
    assert.deepEqual(pid, { address: gw.address, id: 'alice-inbox' });
    assert.deepEqual(await goAsk('alice-inbox'), { event: 'reply', text: 'alice got ping' });
    const other = await connect();
    assert.equal((await other.lookup('alice-inbox'))?.id.endsWith('/named/alice-inbox'), true);
    assert.equal(await other.lookup('nobody'), undefined);
    await assert.rejects(other.register('alice-inbox', () => {}), (e: Error & { code?: string }) => e.code === 'ALREADY_EXISTS');
    await assert.rejects(other.register('echo', () => {}), (e: Error & { code?: string }) => e.code === 'ALREADY_EXISTS');
    c.close();
    await c.closed;
    // The gateway drops the session's names when it sees the close.
    assert.deepEqual(await eventually(async () => {
      const r = await goAsk('alice-inbox');
      if (r['event'] !== 'error') throw new Error('the name still answers');
      return r;
    }), { event: 'error', error: 'dead-letter' });
    other.close();
  });

  test("registering outside the token's allow list is PERMISSION_DENIED and registers nothing", async () => {
    const limited = execFileSync(process.execPath, [bin, 'token', 'create', '--tenant', 'dev', '--sub', 'bob', '--allow-register', 'bob/*', '--data-dir', dataDir], { encoding: 'utf8' }).trim();
    const c = await connect(limited);
    try {
      await assert.rejects(c.register('alice', () => {}), (e: Error & { code?: string }) => e.code === 'PERMISSION_DENIED');
      assert.equal(await c.lookup('alice'), undefined);
      const ok = await c.register('bob/desk', (m, ctx) => ctx.respond('bob here'));
      assert.equal(ok.id, 'bob/desk');
      assert.deepEqual(await goAsk('bob/desk'), { event: 'reply', text: 'bob here' });
    } finally { c.close(); }
  });
});
