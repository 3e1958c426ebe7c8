import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeadLetterResponse, PID, Terminated, TerminatedReason, Watch, poisonPillMessage, stopMessage } from '../../../gateway/actors/index.js';
import { MessageSerialization } from '../../../gateway/serialization/message-serialization.js';
import { ActorPidRequest, ActorPidResponse, RawMessage, TypedMessage, TypeRegistry } from '../../../gateway/remote/index.js';
import { InvalidArgumentError, NotFoundError, SerializerId } from '../../../protocol/index.js';

const s = new MessageSerialization(new TypeRegistry(), () => 'gw:1');
const roundTrip = (m: unknown): unknown => { const w = s.toWire(m); return s.fromWire(w.typeName, w.serializerId, w.payload); };

test('serialization - strings travel as google.protobuf.StringValue', () => {
  const w = s.toWire('hi');
  assert.equal(w.typeName, 'google.protobuf.StringValue');
  assert.equal(Buffer.from(w.payload).toString('hex'), '0a026869');
  assert.equal(roundTrip('hi'), 'hi');
});

test('serialization - Proto.Actor system messages map to actor.* types; local PIDs get the advertised address', () => {
  const w = s.toWire(new Watch(new PID('nonhost', '$1')));
  assert.equal(w.typeName, 'actor.Watch');
  const back = s.fromWire(w.typeName, w.serializerId, w.payload) as Watch;
  assert.deepEqual([back.watcher.address, back.watcher.id], ['gw:1', '$1']);
  const t = roundTrip(new Terminated(new PID('go:1', 'echo'), TerminatedReason.AddressTerminated)) as Terminated;
  assert.deepEqual([t.who.address, t.who.id, t.why], ['go:1', 'echo', TerminatedReason.AddressTerminated]);
  assert.equal(roundTrip(stopMessage), stopMessage);
  assert.equal(roundTrip(poisonPillMessage), poisonPillMessage);
  assert.equal((roundTrip(new DeadLetterResponse(new PID('gw:1', 'x'))) as DeadLetterResponse).target!.id, 'x');
  assert.deepEqual(roundTrip(new ActorPidRequest('n', 'k')), new ActorPidRequest('n', 'k'));
  assert.equal((roundTrip(new ActorPidResponse(new PID('gw:1', 'a'), 3)) as ActorPidResponse).statusCode, 3);
});

test('serialization - typed messages keep their serializer (protobuf, JSON, msgpack) so replies can match the caller', () => {
  const p = roundTrip(new TypedMessage('google.protobuf.Int32Value', { value: 7 })) as TypedMessage;
  assert.deepEqual([p.typeName, p.value, p.serializerId], ['google.protobuf.Int32Value', { value: 7 }, SerializerId.Protobuf]);
  const j = roundTrip(new TypedMessage('shop.Order', { sku: 'A1', qty: 2 }, SerializerId.Json)) as TypedMessage;
  assert.deepEqual([j.value, j.serializerId], [{ sku: 'A1', qty: 2 }, SerializerId.Json]);
  const m = roundTrip(new TypedMessage('shop.Order', { sku: 'A1', qty: 2 }, SerializerId.Msgpack)) as TypedMessage;
  assert.deepEqual([m.value, m.serializerId], [{ sku: 'A1', qty: 2 }, SerializerId.Msgpack]);
});

test('serialization - unknown protobuf types pass through opaquely; typed errors cross as rosetta.v1.Error', () => {
  const raw = new RawMessage('go.only.Type', 0, new Uint8Array([8, 1]));
  const back = roundTrip(raw) as RawMessage;
  assert.ok(back instanceof RawMessage);
  assert.deepEqual([back.typeName, [...back.payload]], ['go.only.Type', [8, 1]]);
  const e = roundTrip(new NotFoundError('no such order')) as NotFoundError;
  assert.ok(e instanceof NotFoundError);
  assert.equal(e.message, 'no such order');
});

test('serialization - what cannot cross the wire is a typed error', () => {
  assert.throws(() => s.toWire({ plain: 'object' }), InvalidArgumentError);
  assert.throws(() => s.toWire(new TypedMessage('no.such.Type', {})), InvalidArgumentError);
  assert.throws(() => s.fromWire('shop.Order', SerializerId.Json, new Uint8Array([0x7b])), InvalidArgumentError);
  assert.throws(() => s.fromWire('google.protobuf.StringValue', 0, new Uint8Array([0x0a, 0x05])), InvalidArgumentError);
});
