/**
 * The edge pipeline in process: each stage's refusal and each route, with a real
 * tenant space and a recording connection in place of a transport.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeStringValue, SerializerId, STRING_VALUE, TypeName, type RosettaError, type WireEnvelope } from '../../../protocol/index.js';
import { MetricsRegistry, PID, Props, type ActorSystem } from '../../../gateway/actors/index.js';
import { EdgeMetrics } from '../../../gateway/edge/edge-metrics.js';
import type { Principal } from '../../../gateway/auth/index.js';
import { deliverInbound, type EdgeConnection } from '../../../gateway/edge/inbound-pipeline.js';
import { nodeIdentity, sessionIdentity, type PeerIdentity } from '../../../gateway/edge/peer-identity.js';
import { RateLimitedLog, silentLogger } from '../../../gateway/log/index.js';
import { MessageSerialization, TypeRegistry } from '../../../gateway/serialization/index.js';
import { TenantSpaces } from '../../../gateway/tenancy/index.js';

const GW = '127.0.0.1:8090';
const types = new TypeRegistry();

function world(perm?: Principal['permissions']) {
  const metrics = new MetricsRegistry();
  const spaces = new TenantSpaces((s) => {
    s.system.root.spawnNamed(Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(ctx.message); }), 'echo');
    s.system.kinds.register('counter', Props.fromProducer(() => { let n = 0; return { receive: (ctx) => { if (ctx.message === 'inc') n++; if (ctx.message === 'get') ctx.respond(String(n)); } }; }));
  });
  spaces.setAddress(GW);
  const space = spaces.get('acme');
  const principal: Principal | undefined = perm ? { tenant: 'acme', subject: 'alice', permissions: perm, expiresAt: 2e9, issuedAt: undefined, jti: undefined } : undefined;
  const refused: { error: RosettaError; sender: PID | undefined }[] = [];
  const connect = (identity: PeerIdentity, targetsCarryAddress = false): EdgeConnection => ({
    principal, identity, targetsCarryAddress,
    space: { tenant: 'acme', system: space.system, quota: space.quota, services: space.services, serialization: new MessageSerialization(types, () => GW), metrics: new EdgeMetrics(metrics, { tenant: 'acme', transport: 'test' }) },
    refuse: (error, _e, sender) => refused.push({ error, sender }),
  });
  return { system: space.system, connect, refused, metrics, log: new RateLimitedLog(silentLogger) };
}

type Body = { typeName: string; serializerId: number; payload: Uint8Array };
const str = (s: string): Body => ({ typeName: STRING_VALUE, serializerId: SerializerId.Protobuf, payload: encodeStringValue(s) });
const env = (targetId: string, sender?: { address: string; id: string }, body: Body = str('inc')): WireEnvelope => ({ target: { address: GW, id: targetId, requestId: 0 }, sender: sender && { ...sender, requestId: 0 }, ...body });
const count = (system: ActorSystem, id: string) => system.root.requestFuture<string>(system.pid(id), 'get', 1000);

test('edge pipeline: a session speaks only for its own ids; a forged sender is refused foreign-sender and nothing is delivered', async () => {
  const w = world();
  const c = w.connect(sessionIdentity('ws$s1', () => GW));
  deliverInbound([env('counter/a', { address: '', id: 'ws$s1/me' }), env('counter/b', { address: GW, id: 'counter/a' }), env('counter/c', { address: GW, id: 'ws$s2/x' })], c, w.log);
  assert.deepEqual(w.refused.map((r) => r.error.reason), ['foreign-sender', 'foreign-sender']);
  assert.deepEqual([await count(w.system, 'counter/a'), await count(w.system, 'counter/b'), await count(w.system, 'counter/c')], ['1', '0', '0']);
});

test('edge pipeline: a node speaks for any id at its declared address only; its Watch must name its own watcher', () => {
  const w = world();
  const c = w.connect(nodeIdentity('10.0.0.5:8091'));
  const watch = (address: string, id: string) => ({ typeName: TypeName.Watch, serializerId: 0, payload: Uint8Array.from([0x0a, 2 + address.length + 2 + id.length, 0x0a, address.length, ...Buffer.from(address), 0x12, id.length, ...Buffer.from(id)]) });
  deliverInbound([env('echo', { address: '10.0.0.5:8091', id: 'anything' }), env('echo', { address: '10.0.0.6:8091', id: 'x' }), env('echo', undefined, watch('10.0.0.6:1', 'w')), env('echo', undefined, watch('10.0.0.5:8091', 'w'))], c, w.log);
  assert.deepEqual(w.refused.map((r) => r.error.reason), ['foreign-sender', 'foreign-sender']);
  assert.equal(w.metrics.total('rosetta_envelopes_received_total'), 4);
  assert.equal(w.metrics.total('rosetta_envelopes_refused_total', 'reason="foreign-sender"'), 2);
});

test("edge pipeline: send permissions apply to the target id (a relay's inner id); deny wins", async () => {
  const w = world({ send: { allow: ['counter/>', '$relay/>'], deny: ['counter/secret'] } });
  const c = w.connect(sessionIdentity('$client/m1', () => GW));
  deliverInbound([env('counter/ok'), env('counter/secret'), env('echo'), env(`$relay/${GW}/counter/ok`), env(`$relay/${GW}/counter/secret`)], c, w.log);
  assert.deepEqual(w.refused.map((r) => r.error.reason), ['send-not-allowed', 'send-not-allowed', 'send-not-allowed']);
  assert.equal(w.metrics.total('rosetta_envelopes_refused_total', 'reason="send-not-allowed"'), 3);
  assert.equal(await count(w.system, 'counter/ok'), '2', 'the relay to the gateway itself reaches the local actor');
});

test('edge pipeline: malformed relay targets and undecodable payloads are refused by reason', () => {
  const w = world();
  const c = w.connect(sessionIdentity('ws$s1', () => GW));
  deliverInbound([env('$relay/'), env('$relay/a/$relay/b/c'), env('echo', undefined, { typeName: STRING_VALUE, serializerId: 0, payload: Uint8Array.from([0x0a, 0xff]) })], c, w.log);
  assert.deepEqual(w.refused.map((r) => r.error.reason), ['bad-target', 'bad-target', 'bad-payload']);
});

test('edge pipeline: the registry service admits only names for PIDs the connection hosts (not-hosted)', () => {
  const w = world();
  const c = w.connect(sessionIdentity('ws$s1', () => GW), true);
  const register = (name: string, id: string) => ({ typeName: TypeName.RegisterName, serializerId: SerializerId.Json, payload: Buffer.from(JSON.stringify({ name, pid: { Address: GW, Id: id } })) });
  deliverInbound([env('$registry', { address: '', id: 'ws$s1/inbox' }, register('mine', 'ws$s1/desk')), env('$registry', { address: '', id: 'ws$s1/inbox' }, register('alias', 'counter/secret'))], c, w.log);
  assert.deepEqual(w.refused.map((r) => r.error.reason), ['not-hosted']);
});

test('edge pipeline: past the tenant rate, requests are answered over-rate and plain sends summarised once', () => {
  const spaces = new TenantSpaces(() => {}, { connections: 10, envelopesPerSecond: 2, names: 10, bytesInFlight: 1e6, actors: 100 });
  spaces.setAddress(GW);
  const space = spaces.get('t');
  const refused: (string | undefined)[] = [];
  const c: EdgeConnection = {
    principal: undefined, identity: sessionIdentity('ws$s', () => GW), targetsCarryAddress: false,
    space: { tenant: 't', system: space.system, quota: space.quota, services: space.services, serialization: new MessageSerialization(types, () => GW), metrics: new EdgeMetrics(new MetricsRegistry(), { tenant: 't', transport: 'test' }) },
    refuse: (e, envelope) => refused.push(envelope ? e.reason : `summary:${e.message.split(': ').pop()}`),
  };
  const batch = [env('echo'), env('echo'), { ...env('echo', { address: '', id: 'ws$s/a' }), sender: { address: '', id: 'ws$s/a', requestId: 9 } }, env('echo'), env('echo')];
  deliverInbound(batch, c, new RateLimitedLog(silentLogger));
  assert.deepEqual(refused, ['over-rate', 'summary:2 envelopes refused']);
});

test('edge pipeline: past the tenant rate, a request whose sender has no request id (a JVM ask, a Proto.Actor future) is answered too', () => {
  const spaces = new TenantSpaces(() => {}, { connections: 10, envelopesPerSecond: 1, names: 10, bytesInFlight: 1e6, actors: 100 });
  spaces.setAddress(GW);
  const space = spaces.get('t');
  const refused: { reason: string | undefined; sender: string | undefined }[] = [];
  const c: EdgeConnection = {
    principal: undefined, identity: sessionIdentity('$client/m1', () => GW), targetsCarryAddress: false,
    space: { tenant: 't', system: space.system, quota: space.quota, services: space.services, serialization: new MessageSerialization(types, () => GW), metrics: new EdgeMetrics(new MetricsRegistry(), { tenant: 't', transport: 'test' }) },
    refuse: (e, _envelope, sender) => refused.push({ reason: e.reason, sender: sender?.id }),
  };
  deliverInbound([env('echo'), env('echo', { address: '', id: '$client/m1/ask$1' }), env('echo', { address: '', id: '$client/m1/ask$2' })], c, new RateLimitedLog(silentLogger));
  assert.deepEqual(refused, [{ reason: 'over-rate', sender: '$client/m1/ask$1' }, { reason: 'over-rate', sender: '$client/m1/ask$2' }]);
});
