/**
 * The WebSocket session (a HostedSession) in process, through the composition
 * root: watches of a client's actors are held by the gateway, and a client that
 * stops reading is disconnected as a slow consumer without slowing another.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { RosettaClient } from '../../../adapters/ts/index.js';
import { Props, Started, Terminated, TerminatedReason, PID } from '../../../gateway/actors/index.js';
import { Gateway } from '../../../gateway/gateway.js';
import { silentLogger } from '../../../gateway/log/index.js';

describe('ws session - in process', () => {
  let gw: Gateway;
  before(async () => {
    gw = await Gateway.start({ grpc: { port: 0 }, ws: { port: 0, maxBufferedBytes: 256 * 1024 }, logger: silentLogger, fdMonitor: false }, {
      setup: (t) => t.actor('echo', Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(ctx.message); })),
    });
  });
  after(() => gw.stop());

  /** A TS actor watching `pid`, resolving with its Terminated. */
  function watchFromTs(pid: PID): Promise<Terminated> {
    return new Promise((resolve) => {
      gw.space().system.root.spawn(Props.fromFunc((ctx) => {
        if (ctx.message instanceof Started) ctx.watch(pid);
        if (ctx.message instanceof Terminated) resolve(ctx.message);
      }));
    });
  }

  test('a TS actor watching a client actor is told Stopped when the client stops it, AddressTerminated when the session ends', async () => {
    const c = await RosettaClient.connect({ url: gw.addresses.ws, reconnect: false });
    const a = c.spawn(() => {}, 'a');
    const b = c.spawn(() => {}, 'b');
    const stopped = watchFromTs(new PID(a.address!, a.id));
    const lost = watchFromTs(new PID(b.address!, b.id));
    await c.request({ id: 'echo' }, 'the watches are held'); // the spawn messages ran before this reply
    c.stop(a);
    assert.equal((await stopped).why, TerminatedReason.Stopped);
    c.close();
    assert.equal((await lost).why, TerminatedReason.AddressTerminated);
  });

  test('a client that stops reading is closed as a slow consumer (4429); another client is not slowed', async () => {
    const sockets: WebSocket[] = [];
    class Recorded extends WebSocket { constructor(url: string, p: string[]) { super(url, p); sockets.push(this); } }
    const slow = await RosettaClient.connect({ url: gw.addresses.ws, WebSocket: Recorded as never, reconnect: false });
    const fine = await RosettaClient.connect({ url: gw.addresses.ws, reconnect: false });
    const closeCode = new Promise<number>((r) => sockets[0]!.on('close', (code) => r(code)));
    sockets[0]!.pause(); // stops reading: the kernel's buffers fill, then the gateway's send buffer
    const big = 'x'.repeat(64 * 1024);
    let closed = false;
    void closeCode.then(() => { closed = true; });
    // Replies keep coming, turn after turn, until the gateway sees more than 256 KiB unread and gives up on the client.
    for (let round = 0; round < 400 && !closed; round++) {
      for (let i = 0; i < 8; i++) slow.request({ id: 'echo' }, big, { timeoutMs: 60_000 }).catch(() => {});
      assert.equal(await fine.request({ id: 'echo' }, `unaffected ${round}`), `unaffected ${round}`);
      if (round === 100) sockets[0]!.resume(); // by now it is over the bound; reading again lets the close frame arrive
    }
    sockets[0]!.resume();
    assert.equal(await closeCode, 4429);
    fine.close();
  });
});
