/**
 * Real protoactor-go programs of both wire dialects against a real gateway
 * process (`rosetta dev`) and against an in-process Remote (for TS → Go flows the
 * test drives from TS actors).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PID, Props, Started, Terminated, TerminatedReason, type ActorSystem } from '../../../gateway/actors/index.js';
import { Gateway } from '../../../gateway/gateway.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { GoPeer, type GoDialect } from '../../helpers/go-peer.js';
import { waitFor } from '../../helpers/wait.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

for (const dialect of ['v2024', 'v2025'] as const satisfies readonly GoDialect[]) {
  describe(`go interop ${dialect} - Go → TS through a gateway process`, () => {
    let gw: GatewayProcess;
    let go: GoPeer;
    before(async () => {
      gw = await GatewayProcess.start(['--dialect', dialect]);
      go = await GoPeer.start(dialect);
    });
    after(async () => { await go?.exit(); await gw?.stop(); });

    const req = (id: string, text: string, extra: Record<string, unknown> = {}) =>
      go.call({ op: 'request', address: gw.address, id, text, timeoutMs: 5000, ...extra }, (e) => e['event'] === 'reply' || e['event'] === 'error');

    test('Go RequestFuture to a TS actor gets its reply', async () => {
      assert.deepEqual(await req('echo', 'hello from go'), { event: 'reply', text: 'hello from go' });
    });

    test('100,000 Go → TS sends arrive, in order', async () => {
      await go.call({ op: 'send-many', address: gw.address, id: 'sink', count: 100_000 }, (e) => e['event'] === 'sent');
      // The report request travels behind the sends on the same Go endpoint stream, and the sink answers
      // in mailbox order: one request sees every send.
      assert.deepEqual(await req('sink', 'report'), { event: 'reply', text: 'count=100000 ordered=true' });
    });

    test('a request to a missing TS actor fails in Go with ErrDeadLetter', async () => {
      assert.deepEqual(await req('nobody-home', 'x'), { event: 'error', error: 'dead-letter' });
    });

    test('headers round-trip: TS sees the traceparent Go sent', async () => {
      assert.deepEqual(await req('trace-echo', 'x', { headers: { traceparent: TRACEPARENT } }), { event: 'reply', text: TRACEPARENT });
    });

    test('Go remote-spawns a registered TS kind through the activator', async () => {
      const spawned = await go.call({ op: 'spawn', address: gw.address, kind: 'echo-kind', name: `e-${dialect}` }, (e) => e['event'] === 'spawned' || e['event'] === 'error');
      assert.equal(spawned['status'], 0);
      assert.equal(spawned['address'], gw.address);
      assert.deepEqual(await req(spawned['id'] as string, 'spawned works'), { event: 'reply', text: 'spawned works' });
    });

    test('a Go send to <kind>/<identity> activates a TS virtual actor', async () => {
      assert.deepEqual(await req(`counter/${dialect}`, 'inc'), { event: 'reply', text: '1' });
      assert.deepEqual(await req(`counter/${dialect}`, 'inc'), { event: 'reply', text: '2' });
    });

    test('Go watches a TS actor that stops and gets Terminated{Stopped}', async () => {
      await go.call({ op: 'watch', address: gw.address, id: 'ephemeral' }, (e) => e['event'] === 'watching');
      // The Watch (a system message, sent first) and this stop travel on the same Go endpoint stream.
      go.send({ op: 'send', address: gw.address, id: 'ephemeral', text: 'stop' });
      const t = await go.next((e) => e['event'] === 'terminated', 10_000, 'terminated');
      assert.equal(t['who'], 'ephemeral');
      assert.equal(t['why'], TerminatedReason.Stopped);
    });
  });

  describe(`go interop ${dialect} - TS → Go from an in-process gateway`, () => {
    let system: ActorSystem;
    let gateway: Gateway;
    let go: GoPeer;
    before(async () => {
      // Built through the composition root, as a user's program would (no auth: one default space).
      gateway = await Gateway.start({ grpc: { port: 0, dialect }, ws: { port: 0 }, logger: silentLogger, fdMonitor: false });
      system = gateway.space().system;
      go = await GoPeer.start(dialect);
    });
    after(async () => { await go?.exit(); await gateway?.stop(); });

    test('TS send and request reach a Go actor; headers travel with them', async () => {
      const goEcho = new PID(go.address, 'echo');
      system.root.send(goEcho, 'plain send', { traceparent: TRACEPARENT });
      const got = await go.next((e) => e['event'] === 'received' && e['text'] === 'plain send', 10_000);
      assert.deepEqual(got['headers'], { traceparent: TRACEPARENT });
      assert.equal(await system.root.requestFuture(goEcho, 'ask go', 5000), 'ask go');
    });

    test('a request to a missing Go actor rejects with a dead letter', async () => {
      await assert.rejects(system.root.requestFuture(new PID(go.address, 'missing'), 'x', 5000), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
    });

    test('TS watches a Go actor whose process is killed and gets Terminated{AddressTerminated}', async () => {
      const victim = await GoPeer.start(dialect);
      const seen: Terminated[] = [];
      const victimEcho = new PID(victim.address, 'echo');
      assert.equal(await system.root.requestFuture(victimEcho, 'warm up', 5000), 'warm up');
      let watching!: () => void;
      const watched = new Promise<void>((r) => { watching = r; });
      system.root.spawn(Props.fromFunc((ctx) => {
        if (ctx.message instanceof Started) { ctx.watch(victimEcho); watching(); } // the endpoint records the watch as it is sent
        if (ctx.message instanceof Terminated) seen.push(ctx.message);
      }));
      await watched;
      await victim.stop('SIGKILL');
      await waitFor(() => seen.length === 1, 10_000, 'AddressTerminated');
      assert.equal(seen[0]!.why, TerminatedReason.AddressTerminated);
      assert.equal(seen[0]!.who.id, 'echo');
      assert.equal(seen[0]!.who.address, victim.address);
    });
  });
}
