/**
 * Node address claims against a real gateway with `--auth` and real protoactor-go
 * nodes: what the reach property (reach-property.test.ts) found around the node
 * address book, each a failing case marked `todo` until the gateway is fixed.
 *
 * - An address is held by its string: another tenant may declare another name of
 *   the same listener (`localhost:<port>`) and, with the node's member id, reach a
 *   node another tenant holds.
 * - A declaration's member id outlives its stream: a stale one locks the tenant
 *   out of its own node.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyStore } from '../../../gateway/auth/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { GoPeer } from '../../helpers/go-peer.js';
import { openGrpcClientActor, openNodeActor, tagged, type ReachActor } from '../../helpers/reach-actors.js';

describe('tenancy - a held node address cannot be reached through another name of it', () => {
  test('grpc: tenant acme declaring localhost:<port> of globex\'s connected node, with its member id, reaches nothing of globex', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rosetta-alias-'));
    const keys = await new KeyStore(dataDir).open();
    const gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
    const victim = await GoPeer.start('v2025', ['--token', await keys.issue({ tenant: 'globex', subject: 'node', ttlSeconds: 600 })]);
    const actors: ReachActor[] = [];
    try {
      assert.deepEqual(await victim.call({ op: 'request', address: gw.address, id: 'echo', text: 'hello' }, (e) => e['event'] === 'reply' || e['event'] === 'error'), { event: 'reply', text: 'hello' });
      const member = victim.events.find((e) => e['event'] === 'ready')!['member'] as string;
      const token = await keys.issue({ tenant: 'acme', subject: 'mallory', ttlSeconds: 600 });
      const markers = { counter: (k: number) => `counter/mark/${k}`, read: async () => 1 };
      const held = await openNodeActor(gw.address, token, victim.address, member, markers);
      assert.ok('code' in held && held.code === 7 && held.details.startsWith('address-held'), `the address itself is refused: ${JSON.stringify(held)}`);
      const alias = `localhost:${victim.address.split(':')[1]}`;
      const declared = await openNodeActor(gw.address, token, alias, member, markers);
      if (!('code' in declared)) actors.push(declared);
      const client = await openGrpcClientActor(gw.address, token, 'mallory-client');
      assert.ok(!('code' in client));
      actors.push(client);
      const rid = client.ask(tagged({ address: '', id: `$relay/${alias}/echo` }, 'alias.acme'));
      const reached = victim.next((e) => e['event'] === 'received', 5000, 'a delivery to the victim').then(() => 'delivered to globex\'s node', () => undefined);
      const outcome = await Promise.race([reached, client.answer(rid, 5000).then((o) => JSON.stringify(o))]);
      assert.equal(victim.events.filter((e) => e['event'] === 'received').length, 0, `acme's traffic reached globex's node (${outcome})`);
      assert.match(outcome ?? '', /NOT_FOUND|PERMISSION_DENIED/);
    } finally {
      for (const a of actors) a.close();
      await victim.exit();
      await gw.stop();
    }
  });
});

describe('tenancy - a node address claim ends with its stream', () => {
  test('grpc: after a stream that declared the tenant\'s node address with a wrong member id ended, the tenant still reaches its node', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rosetta-stale-member-'));
    const keys = await new KeyStore(dataDir).open();
    const gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
    const node = await GoPeer.start('v2025', ['--token', await keys.issue({ tenant: 'acme', subject: 'node', ttlSeconds: 600 })]);
    const actors: ReachActor[] = [];
    try {
      // A plain send makes the node connect (and hold its address) without the gateway dialling it back yet.
      node.send({ op: 'send', address: gw.address, id: 'sink', text: '0' });
      await gw.waitStderr(new RegExp(`peer connected[^\\n]*"owner":"node:${node.address}"`));
      const markers = { counter: (k: number) => `counter/mark/${k}`, read: async () => 1 };
      const low = await keys.issue({ tenant: 'acme', subject: 'browser-user', ttlSeconds: 600, permissions: { node: { allow: ['127.0.0.1:*'] } } });
      const stray = await openNodeActor(gw.address, low, node.address, 'not-the-node', markers);
      assert.ok(!('code' in stray), `a second stream of the tenant may declare its node's address: ${JSON.stringify(stray)}`);
      stray.close();
      await gw.waitStderr(new RegExp(`peer disconnected[^\\n]*"owner":"node:${node.address}"`));
      const client = await openGrpcClientActor(gw.address, await keys.issue({ tenant: 'acme', subject: 'app', ttlSeconds: 600 }), 'app');
      assert.ok(!('code' in client));
      actors.push(client);
      const answer = await client.answer(client.ask(tagged({ address: '', id: `$relay/${node.address}/echo` }, 'own-node')), 5000);
      assert.deepEqual(answer, { ok: 'inc' }, 'the node answers its own tenant');
    } finally {
      for (const a of actors) a.close();
      await node.exit();
      await gw.stop();
    }
  });
});
