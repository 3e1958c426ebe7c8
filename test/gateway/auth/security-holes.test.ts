/**
 * The holes an outside attack found (issue "Security: close the holes"), each a
 * regression case against a real gateway process with `--auth`, over both
 * transports where it applies, with the catalogue's "nothing was delivered" check:
 * a per-case counter read afterwards with a valid token, a FIFO marker on the same
 * connection, or a real protoactor-go node that reports what it received.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { RosettaClient } from '../../../adapters/ts/index.js';
import { decodePayload, encodePayload } from '../../../adapters/ts/payloads.js';
import { KeyStore, type Permissions } from '../../../gateway/auth/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { GoPeer } from '../../helpers/go-peer.js';
import { RawRemotingStream } from '../../helpers/raw-remoting-stream.js';
import { openDriver, TRANSPORTS, WS } from '../../helpers/transport-driver.js';

const bin = fileURLToPath(new URL('../../../../bin/rosetta.mjs', import.meta.url));

/** One raw HTTP/1.1 exchange on `port`: what came back before the server closed or answered. */
function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    s.on('data', (d) => { got += d.toString('latin1'); if (/\r\n\r\n/.test(got)) s.end(); });
    s.on('error', () => resolve(got));
    s.on('close', () => resolve(got));
    s.write(request, 'latin1');
  });
}

describe('security - the holes of the outside attack, closed', () => {
  let dataDir: string;
  let gw: GatewayProcess;
  let keys: KeyStore;
  let wsPort: number;
  /** A tenant-globex Go node that has connected (holds its address), and a tenant-acme one. */
  let goGlobex: GoPeer, goAcme: GoPeer;

  const token = (tenant: string, subject = 'alice', permissions?: Permissions, ttlSeconds = 600) =>
    keys.issue({ tenant, subject, ttlSeconds, ...(permissions ? { permissions } : {}) });
  const counter = async (tenant: string, id: string): Promise<string> => {
    const c = await RosettaClient.connect({ url: gw.wsUrl, token: await token(tenant, 'auditor'), WebSocket: WS, reconnect: false });
    try { return await c.request<string>({ id }, 'get'); } finally { c.close(); }
  };
  const received = (peer: GoPeer, text: string) => peer.events.some((e) => e['event'] === 'received' && e['text'] === text);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rosetta-holes-'));
    keys = await new KeyStore(dataDir).open();
    gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
    wsPort = Number(new URL(gw.wsUrl.replace('ws:', 'http:')).port);
    goGlobex = await GoPeer.start('v2025', ['--token', await token('globex', 'node')]);
    goAcme = await GoPeer.start('v2025', ['--token', await token('acme', 'node')]);
    for (const g of [goGlobex, goAcme]) {
      // A first request makes the node connect (and so hold its address for its tenant).
      assert.deepEqual(await g.call({ op: 'request', address: gw.address, id: 'echo', text: 'hello' }, (e) => e['event'] === 'reply' || e['event'] === 'error'), { event: 'reply', text: 'hello' });
    }
  });
  after(async () => { await goGlobex?.exit(); await goAcme?.exit(); await gw?.stop(); });

  // ---- 1. no request on any port ends the process ------------------------------------------
  describe('1. unauthenticated HTTP input cannot end the process', () => {
    const requests = [
      'GET // HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET //a:99999/ HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /\\ HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET http://[::1 HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET //healthz HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /%ZZ%00 HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: !!\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: rosetta.v1.msgpack\r\n\r\n',
      'BREW / HTTP/1.1\r\n\r\n',
      '\x00\x01\x02 garbage\r\n\r\n',
    ];
    requests.forEach((r, i) => {
      test(`http request #${i} (${JSON.stringify(r.split('\r\n')[0]).slice(0, 40)}) is answered or closed; the gateway still serves`, async () => {
        const reply = await rawHttp(wsPort, r);
        assert.ok(reply === '' || /^HTTP\/1\.1 [1-5]\d\d /.test(reply), `reply: ${JSON.stringify(reply.slice(0, 60))}`);
        assert.equal(gw.child.exitCode, null, 'the gateway process is alive');
        assert.match(await rawHttp(wsPort, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 200 /);
      });
    });
    test('HTTP/1.1 garbage on the gRPC port is refused; the gateway still serves gRPC', async () => {
      const port = Number(gw.address.split(':')[1]);
      await rawHttp(port, 'GET // HTTP/1.1\r\nHost: x\r\n\r\n');
      await rawHttp(port, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x04\x08\x00\x00\x00\x00\x00\xff\xff\xff\xff');
      const r = await goAcme.call({ op: 'request', address: gw.address, id: 'echo', text: 'after-garbage' }, (e) => e['event'] === 'reply' || e['event'] === 'error');
      assert.deepEqual(r, { event: 'reply', text: 'after-garbage' });
    });
  });

  // ---- 2. node addresses are bound to the tenant and stream that declared them --------------
  describe('2. a tenant cannot make the gateway reach another tenant\'s node', () => {
    test('grpc: declaring an address another tenant\'s node holds is refused PERMISSION_DENIED (address-held)', async () => {
      const s = new RawRemotingStream(gw.address, await token('acme'));
      s.handshake('server', { address: goGlobex.address });
      const st = await s.statusWithin();
      s.close();
      assert.equal(st.code, grpc.status.PERMISSION_DENIED, st.details);
      assert.match(st.details, /held by another tenant/);
    });

    for (const t of TRANSPORTS) {
      test(`${t}: a tenant declaring a free address of another tenant's node cannot deliver to it (member check on dial)`, async () => {
        const victim = await GoPeer.start('v2025', ['--token', await token('globex', 'node')]); // listening, not yet connected
        const decl = new RawRemotingStream(gw.address, await token('acme'));
        const a = await openDriver(t, gw, await token('acme'));
        try {
          decl.handshake('server', { address: victim.address, memberId: 'forged-member' });
          await decl.connected(); // accepted: the address was free
          const r = await a.request({ address: victim.address, id: 'echo' }, `from-acme-${t}`, 8000);
          assert.ok('error' in r, `refused, got ${JSON.stringify(r)}`);
          assert.equal(received(victim, `from-acme-${t}`), false, 'the victim node received nothing');
        } finally { a.close(); decl.close(); await victim.exit(); }
      });

      test(`${t}: when the declaring stream ends the tenant no longer reaches that address`, async () => {
        // The stream declares a listening node's address with its real member id: as good as the node itself.
        const node = await GoPeer.start('v2025'); // no token: it never connects to the gateway by itself
        const member = node.events.find((e) => e['event'] === 'ready')!['member'] as string;
        const decl = new RawRemotingStream(gw.address, await token('acme'));
        const a = await openDriver(t, gw, await token('acme'));
        try {
          decl.handshake('server', { address: node.address, memberId: member });
          await decl.connected();
          a.send({ address: node.address, id: 'echo' }, `while-held-${t}`);
          await node.next((e) => e['event'] === 'received' && e['text'] === `while-held-${t}`, 8000, 'delivery while the address is held');
          decl.close();
          await gw.waitStderr(new RegExp(`peer disconnected[^\\n]*"owner":"node:${node.address}"`));
          const r = await a.request({ address: node.address, id: 'echo' }, `after-release-${t}`, 8000);
          assert.ok('error' in r, `refused after release, got ${JSON.stringify(r)}`);
          assert.equal(received(node, `after-release-${t}`), false, gw.stderr.slice(-3000));
        } finally { a.close(); decl.close(); await node.exit(); }
      });
    }

    test('grpc: a token restricted with perm.node (rosetta token create --allow-node) may advertise only matching addresses', async () => {
      const out = execFileSync(process.execPath, [bin, 'token', 'create', '--tenant', 'acme', '--sub', 'n', '--allow-node', '127.0.0.1:*', '--data-dir', dataDir], { encoding: 'utf8' }).trim();
      const refused = new RawRemotingStream(gw.address, out);
      refused.handshake('server', { address: '10.0.0.1:2999' });
      const st = await refused.statusWithin();
      refused.close();
      assert.equal(st.code, grpc.status.PERMISSION_DENIED);
      assert.match(st.details, /may not advertise/);
      const ok = new RawRemotingStream(gw.address, out);
      ok.handshake('server', { address: '127.0.0.1:1' });
      await ok.connected();
      ok.close();
    });

    test("grpc: nobody may declare the gateway's own address", async () => {
      const s = new RawRemotingStream(gw.address, await token('acme'));
      s.handshake('server', { address: gw.address });
      const st = await s.statusWithin();
      s.close();
      assert.equal(st.code, grpc.status.PERMISSION_DENIED);
      assert.match(st.details, /own address/);
    });
  });

  // ---- 3. names never widen what anyone can reach -------------------------------------------
  for (const t of TRANSPORTS) {
    describe(`3. ${t}: name aliases`, () => {
      const perms: Permissions = { send: { allow: ['$registry', 'alice/>', 'echo'] }, register: { allow: ['alice/>'] } };
      test(`${t}: a name for a PID the registrant does not host is refused (not-hosted); the alias reaches nothing`, async () => {
        const a = await openDriver(t, gw, await token('acme', 'alice', perms));
        try {
          const reg = await a.request('$registry', { typeName: 'rosetta.v1.RegisterName', value: { name: `alice/x-${t}`, pid: { Address: gw.address, Id: `counter/secret-${t}` } } });
          assert.equal((reg as { error?: string }).error, 'PERMISSION_DENIED', JSON.stringify(reg));
          a.send(`alice/x-${t}`, 'inc');
          await a.marker();
          assert.equal(await counter('acme', `counter/secret-${t}`), '0');
        } finally { a.close(); }
      });

      test(`${t}: a name registered by one subject cannot be replaced or removed by another`, async () => {
        const alice = await openDriver(t, gw, await token('acme', 'alice', perms));
        const bob = await openDriver(t, gw, await token('acme', 'bob', perms));
        try {
          const name = `alice/desk-${t}`;
          assert.ok('ok' in (await alice.request('$registry', { typeName: 'rosetta.v1.RegisterName', value: { name, pid: alice.own('desk') } })));
          const replace = await bob.request('$registry', { typeName: 'rosetta.v1.RegisterName', value: { name, pid: bob.own('desk'), replace: true } });
          assert.equal((replace as { error?: string }).error, 'PERMISSION_DENIED', JSON.stringify(replace));
          const remove = await bob.request('$registry', { typeName: 'rosetta.v1.UnregisterName', value: { name } });
          assert.equal((remove as { error?: string }).error, 'PERMISSION_DENIED', JSON.stringify(remove));
          const lookup = await bob.request('$registry', { typeName: 'rosetta.v1.LookupName', value: { name } }) as { ok: { value: { pid: { Id: string } } } };
          assert.equal(lookup.ok.value.pid.Id, alice.own('desk').Id);
        } finally { alice.close(); bob.close(); }
      });
    });
  }

  // ---- 4. senders are validated on every transport ------------------------------------------
  for (const t of TRANSPORTS) {
    test(`4. ${t}: a sender naming a gateway actor is refused INVALID_ARGUMENT (foreign-sender); echo's reply reaches nobody`, async () => {
      const tok = await token('acme', 'alice', { send: { allow: ['echo'] } });
      const target = `counter/forged-${t}`;
      if (t === 'grpc') {
        const s = new RawRemotingStream(gw.address, tok);
        s.handshake();
        s.send([{ target: { address: gw.address, id: 'echo', requestId: 0 }, sender: { address: gw.address, id: target, requestId: 0 }, ...encodePayload('inc') }]);
        const err = await s.reply((e) => e.typeName === 'rosetta.v1.Error');
        const d = decodePayload(err.typeName, err.serializerId, err.payload);
        assert.equal(d.error?.code, 'INVALID_ARGUMENT');
        assert.equal(d.error?.reason, 'foreign-sender');
        assert.equal(err.target.id, `$client/${s.memberId}`, 'an error without a valid sender goes to the connection itself');
        s.close();
      } else {
        const { RawWsClient } = await import('../../helpers/raw-ws-client.js');
        const c = new RawWsClient(gw.wsUrl, tok);
        await c.welcomed;
        c.send([{ target: { address: '', id: 'echo', requestId: 0 }, sender: { address: gw.address, id: target, requestId: 0 }, ...encodePayload('inc') }]);
        assert.ok(await c.until(() => c.errors().length > 0));
        assert.equal(c.errors()[0]!.code, grpc.status.INVALID_ARGUMENT);
        c.close();
      }
      assert.equal(await counter('acme', target), '0');
    });
  }

  test('4. grpc: a server connection naming a sender at another address is refused; nothing is delivered', async () => {
    const s = new RawRemotingStream(gw.address, await token('acme'));
    s.handshake('server', { address: '127.0.0.1:3' });
    s.send([{ target: { address: gw.address, id: 'echo', requestId: 0 }, sender: { address: gw.address, id: 'counter/forged-node', requestId: 0 }, ...encodePayload('inc') }]);
    s.send([{ target: { address: gw.address, id: 'counter/node-marker', requestId: 0 }, ...encodePayload('inc') }]);
    // The marker went through the same edge after the forged envelope: once it counted, the forged one was handled.
    for (let v = '0'; v === '0';) v = await counter('acme', 'counter/node-marker');
    s.close();
    assert.equal(await counter('acme', 'counter/forged-node'), '0');
  });

  // ---- 5. client connections have an address of their own ------------------------------------
  describe('5. gRPC client connections', () => {
    test("a client naming a listening node's address as its sender is refused and does not capture that node's replies", async () => {
      const s = new RawRemotingStream(gw.address, await token('acme'));
      s.handshake();
      s.send([{ target: { address: gw.address, id: 'echo', requestId: 0 }, sender: { address: goAcme.address, id: 'x', requestId: 5 }, ...encodePayload('hijack') }]);
      const err = await s.reply((e) => e.typeName === 'rosetta.v1.Error');
      assert.equal(decodePayload(err.typeName, err.serializerId, err.payload).error?.reason, 'foreign-sender');
      const r = await goAcme.call({ op: 'request', address: gw.address, id: 'echo', text: 'not-hijacked' }, (e) => e['event'] === 'reply' || e['event'] === 'error');
      assert.deepEqual(r, { event: 'reply', text: 'not-hijacked' });
      assert.equal(s.replies().some((e) => e.typeName !== 'rosetta.v1.Error'), false, 'the client got nothing of the node');
      s.close();
    });

    test('a second live stream with the same member id is refused ALREADY_EXISTS (member-in-use)', async () => {
      const tok = await token('acme');
      const first = new RawRemotingStream(gw.address, tok);
      first.handshake();
      assert.deepEqual(await openEcho(first), 'hi');
      const second = new RawRemotingStream(gw.address, tok);
      second.handshake('client', { memberId: first.memberId });
      const st = await second.statusWithin();
      assert.equal(st.code, grpc.status.ALREADY_EXISTS);
      assert.deepEqual(await openEcho(first), 'hi', 'the first keeps its route');
      first.close(); second.close();
    });

    test('two clients have separate routes: when one closes, only its actors are AddressTerminated', async () => {
      const tok = await token('acme');
      const one = new RawRemotingStream(gw.address, tok);
      const two = new RawRemotingStream(gw.address, tok);
      one.handshake(); two.handshake();
      assert.equal(await openEcho(one), 'hi');
      assert.equal(await openEcho(two), 'hi');
      const watcher = await RosettaClient.connect({ url: gw.wsUrl, token: tok, WebSocket: WS, reconnect: false });
      try {
        const w1 = watcher.watch({ address: gw.address, id: one.own('a').id });
        const w2 = watcher.watch({ address: gw.address, id: two.own('b').id });
        let w2done = false;
        void w2.terminated.then(() => { w2done = true; });
        await watcher.request({ id: 'echo' }, 'watches sent');
        one.close();
        assert.equal((await w1.terminated).why, 'address-terminated');
        assert.equal(await openEcho(two), 'hi', 'the other client keeps its route');
        assert.equal(w2done, false);
      } finally { watcher.close(); two.close(); }
    });

    test('a client whose first message is a Watch (no envelope sender) gets its Terminated', async () => {
      const s = new RawRemotingStream(gw.address, await token('acme'));
      s.handshake();
      const watcher = s.own('w');
      const watch = { typeName: 'actor.Watch', serializerId: 0, payload: pidMessage(1, gw.address, watcher.id) };
      s.send([{ target: { address: gw.address, id: 'counter/watched-by-client', requestId: 0 }, ...watch }]);
      s.send([{ target: { address: gw.address, id: 'counter/watched-by-client', requestId: 0 }, typeName: 'actor.Stop', serializerId: 0, payload: new Uint8Array() }]);
      const term = await s.reply((e) => e.typeName === 'actor.Terminated', 5000);
      assert.equal(term.target.id, watcher.id);
      s.close();
    });
  });
});


describe('security - 8. clear answers', () => {
  let dataDir: string;
  let gw: GatewayProcess;
  let keys: KeyStore;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rosetta-answers-'));
    keys = await new KeyStore(dataDir).open();
    gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
  });
  after(async () => { await gw?.stop(); });

  test('grpc: an oversize token that reaches the gateway is refused UNAUTHENTICATED (oversize), not a transport error', async () => {
    const s = new RawRemotingStream(gw.address, 'a'.repeat(100_000));
    s.handshake();
    const st = await s.statusWithin();
    s.close();
    assert.equal(st.code, grpc.status.UNAUTHENTICATED, st.details);
    assert.match(st.details, /^oversize:/);
  });

  test('grpc: a 1 MB header is reset by the HTTP/2 layer before any handler (nghttp2 HPACK limit); the gateway keeps serving', async () => {
    const s = new RawRemotingStream(gw.address, 'a'.repeat(1 << 20));
    s.handshake();
    const st = await s.statusWithin();
    s.close();
    assert.notEqual(st.code, grpc.status.OK);
    const ok = new RawRemotingStream(gw.address, await keys.issue({ tenant: 'acme', subject: 'a', ttlSeconds: 60 }));
    ok.handshake();
    await ok.connected();
    ok.close();
  });

  test("grpc: 'authorization: bearer <token>' (lowercase scheme, RFC 6750) is accepted", async () => {
    const client = new grpc.Client(gw.address, grpc.credentials.createInsecure());
    const md = new grpc.Metadata();
    md.set('authorization', `bearer ${await keys.issue({ tenant: 'acme', subject: 'a', ttlSeconds: 60 })}`);
    const call = client.makeBidiStreamRequest('/remote.Remoting/Receive', (b: Buffer) => b, (b: Buffer) => b, md);
    const first = new Promise<Buffer>((resolve, reject) => { call.on('data', resolve); call.on('error', reject); });
    const { encodeRemoteMessage, decodeRemoteMessage } = await import('../../../protocol/index.js');
    call.write(Buffer.from(encodeRemoteMessage({ kind: 'connect-request', connection: { type: 'client', memberId: 'lower' } }, { dialect: 'v2025' })));
    assert.equal(decodeRemoteMessage(await first, { dialect: 'v2025' }).kind, 'connect-response');
    call.cancel();
    client.close();
  });

  test('rosetta token create --json shows the jti; rosetta revoke --token revokes exactly that token until it expires', async () => {
    const created = JSON.parse(execFileSync(process.execPath, [bin, 'token', 'create', '--tenant', 'acme', '--sub', 'j', '--ttl', '10m', '--json', '--data-dir', dataDir], { encoding: 'utf8' })) as { token: string; jti: string; expiresAt: number };
    assert.match(created.jti, /^[0-9a-f-]{36}$/);
    const c = await RosettaClient.connect({ url: gw.wsUrl, token: created.token, WebSocket: WS, reconnect: false });
    assert.equal(await c.request({ id: 'echo' }, 'ok'), 'ok');
    execFileSync(process.execPath, [bin, 'revoke', '--token', created.token, '--data-dir', dataDir]);
    assert.ok((await c.closed) instanceof Error);
    const file = JSON.parse((await import('node:fs')).readFileSync(join(dataDir, 'revocations.json'), 'utf8')) as { jtis: Record<string, number> };
    assert.equal(file.jtis[created.jti], created.expiresAt, 'kept exactly until the token would have expired');
  });
});

/** A request to echo over a raw client stream; the reply's string. */
async function openEcho(s: RawRemotingStream): Promise<unknown> {
  const rid = Math.floor(Math.random() * 1e9) + 1;
  s.send([{ target: { address: '', id: 'echo', requestId: 0 }, sender: s.own('inbox', rid), ...encodePayload('hi') }]);
  const r = await s.reply((e) => e.target.requestId === rid);
  return decodePayload(r.typeName, r.serializerId, r.payload).value;
}

/** `actor.Watch{Watcher}` / `actor.Terminated{who}`: field `field` holding an actor.PID. */
function pidMessage(field: number, address: string, id: string): Uint8Array {
  const enc = new TextEncoder();
  const a = enc.encode(address), i = enc.encode(id);
  const pid = Uint8Array.from([0x0a, a.length, ...a, 0x12, i.length, ...i]);
  return Uint8Array.from([(field << 3) | 2, pid.length, ...pid]);
}
