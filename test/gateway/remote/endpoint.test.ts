/**
 * Outbound endpoint behaviour against real protoactor-go peers: an unreachable
 * node fails requests fast with a dead letter, and the endpoint reconnects (with
 * backoff) once the node is up.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem, DeadLetterError, PID } from '../../../gateway/actors/index.js';
import { Gateway } from '../../../gateway/gateway.js';
import { silentLogger } from '../../../gateway/log/index.js';
import { TypedMessage } from '../../../gateway/serialization/index.js';
import { freePort, GoPeer } from '../../helpers/go-peer.js';
import { eventually } from '../../helpers/wait.js';

describe('remote endpoint', () => {
  let system: ActorSystem;
  let gateway: Gateway;
  before(async () => {
    gateway = await Gateway.start({ grpc: { port: 0, connectTimeoutMs: 2000 }, ws: { port: 0 }, logger: silentLogger, fdMonitor: false });
    system = gateway.space().system;
  });
  after(() => gateway.stop());

  test('requests to an unreachable node fail fast with a dead letter; the endpoint reconnects when it comes up', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const echo = new PID(address, 'echo');
    const t0 = performance.now();
    await assert.rejects(system.root.requestFuture(echo, 'nobody', 5000), DeadLetterError);
    assert.ok(performance.now() - t0 < 2500, 'failed fast, not at the deadline');
    const go = new GoPeer('v2025', address);
    try {
      await go.next((e) => e['event'] === 'ready', 15_000);
      // The endpoint re-dials after its backoff: the request succeeds once the peer is back.
      assert.equal(await eventually(() => system.root.requestFuture(echo, 'back', 3000), 10_000), 'back');
    } finally {
      await go.exit();
    }
  });

  test('a serializer the peer cannot decode is refused at the sender, not sent', async () => {
    const legacy = await Gateway.start({ grpc: { port: 0, dialect: 'v2024' }, ws: { port: 0 }, logger: silentLogger, fdMonitor: false });
    try {
      await assert.rejects(
        legacy.space().system.root.requestFuture(new PID('127.0.0.1:1', 'x'), new TypedMessage('shop.Order', { a: 1 }, 32), 2000),
        (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && /serializer 32/.test(e.message),
      );
    } finally {
      await legacy.stop();
    }
  });
});
