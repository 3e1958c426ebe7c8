/**
 * The endpoint writer and reader through the composition root, in process: two
 * Rosetta gateways talking to each other as Proto.Actor nodes do (each dials the
 * other; replies travel on the connection the receiver opens), batching many
 * envelopes per frame, and refusing a node that answers as another member.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PID, Props } from '../../../gateway/actors/index.js';
import { Gateway } from '../../../gateway/gateway.js';
import { silentLogger } from '../../../gateway/log/index.js';

describe('remote endpoint writer - gateway to gateway', () => {
  let a: Gateway, b: Gateway;
  const echo = Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(`${ctx.message}@b`); });
  before(async () => {
    const o = { grpc: { port: 0 }, ws: { port: 0 }, logger: silentLogger, fdMonitor: false };
    a = await Gateway.start(o);
    b = await Gateway.start(o, { setup: (t) => t.actor('echo', echo) });
  });
  after(async () => { await a?.stop(); await b?.stop(); });

  test('a request crosses to the other gateway and its reply comes back on the connection that gateway dials', async () => {
    const target = new PID(b.addresses.grpc, 'echo');
    assert.equal(await a.space().system.root.requestFuture(target, 'hi', 5000), 'hi@b');
  });

  test('10,000 requests in flight at once all come back (batched frames, request ids kept)', async () => {
    const target = new PID(b.addresses.grpc, 'echo');
    const root = a.space().system.root;
    const replies = await Promise.all(Array.from({ length: 10_000 }, (_, i) => root.requestFuture<string>(target, String(i), 30_000)));
    assert.ok(replies.every((r, i) => r === `${i}@b`));
  });

  test('a missing actor on the other gateway is a dead letter, fast', async () => {
    await assert.rejects(a.space().system.root.requestFuture(new PID(b.addresses.grpc, 'nobody'), 'x', 5000), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
  });
});
