/**
 * Malformed and hostile streams against a real gateway process: each is closed
 * with a clear gRPC status, and the gateway and its other peers keep working.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { decodeRemoteMessage, encodeBatch, type WireEnvelope } from '../../../protocol/index.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { RawRemotingStream as RawStream } from '../../helpers/raw-remoting-stream.js';
import { GoPeer } from '../../helpers/go-peer.js';

const stringValue = (s: string): Uint8Array => new Uint8Array([0x0a, s.length, ...Buffer.from(s)]);

const env = (o: Partial<WireEnvelope> = {}): WireEnvelope => ({
  target: { address: '', id: 'echo', requestId: 0 }, typeName: 'google.protobuf.StringValue', serializerId: 0, payload: stringValue('x'), ...o,
});

describe('remote - hostile input', () => {
  let gw: GatewayProcess;
  let go: GoPeer;
  before(async () => {
    gw = await GatewayProcess.start(['--dialect', 'v2025']);
    go = await GoPeer.start('v2025');
  });
  after(async () => { await go?.exit(); await gw?.stop(); });

  async function expectClosed(frames: (s: RawStream) => void, code: grpc.status, detail: RegExp): Promise<void> {
    const s = new RawStream(gw.address);
    frames(s);
    const st = await s.status;
    s.close();
    assert.equal(grpc.status[st.code], grpc.status[code], st.details);
    assert.match(st.details, detail);
  }

  test('a handshake-less stream is closed with FAILED_PRECONDITION', () =>
    expectClosed((s) => s.write(encodeBatch([env()], { dialect: 'v2025' })), grpc.status.FAILED_PRECONDITION, /first message must be a ConnectRequest/));

  test('a truncated frame is closed with INVALID_ARGUMENT', () =>
    expectClosed((s) => { s.handshake(); const b = encodeBatch([env()], { dialect: 'v2025' }); s.write(b.subarray(0, b.length - 3)); }, grpc.status.INVALID_ARGUMENT, /truncated/));

  test('an out-of-range index is closed with INVALID_ARGUMENT', () =>
    expectClosed((s) => {
      s.handshake();
      const b = encodeBatch([env({ sender: { address: 'x:1', id: 'p', requestId: 0 } })], { dialect: 'v2025' });
      // Sender index 1 → 9 (field 4 of the envelope): points past the senders table.
      const i = Buffer.from(b).indexOf(Buffer.from([0x20, 0x01]));
      b[i + 1] = 9;
      s.write(b);
    }, grpc.status.INVALID_ARGUMENT, /index-out-of-range/));

  test('a huge declared length is refused before allocation', () =>
    expectClosed((s) => { s.handshake(); s.write(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0a, 0x01])); }, grpc.status.INVALID_ARGUMENT, /truncated/));

  test('a peer speaking the other dialect gets a clear wrong-dialect status', () =>
    expectClosed((s) => { s.handshake(); s.write(encodeBatch([env({ target: { address: '127.0.0.1:1', id: 'echo', requestId: 0 } })], { dialect: 'v2024' })); }, grpc.status.INVALID_ARGUMENT, /wrong-dialect.*v2024/));

  test('an unknown type name is routed opaquely; a client connection gets replies on its own stream', async () => {
    const s = new RawStream(gw.address);
    s.handshake('client');
    s.write(encodeBatch([env({ typeName: 'no.such.Type', payload: new Uint8Array([1, 2, 3]) })], { dialect: 'v2025' }));
    s.write(encodeBatch([env({ sender: s.own('me', 7), payload: stringValue('still alive') })], { dialect: 'v2025' }));
    await s.reply((e) => e.target.requestId === 7, 5000);
    const [hello, reply] = s.frames.map((f) => decodeRemoteMessage(f, { dialect: 'v2025', localAddress: 'raw-client' }));
    s.close();
    assert.equal(hello?.kind, 'connect-response');
    assert.equal(reply?.kind, 'batch');
    if (reply?.kind === 'batch') {
      assert.equal(reply.envelopes[0]!.target.id, `$client/${s.memberId}/me`);
      assert.equal(reply.envelopes[0]!.target.requestId, 7);
      assert.equal(Buffer.from(reply.envelopes[0]!.payload).toString('latin1').slice(2), 'still alive');
    }
  });

  test('after all of that the gateway still serves other peers', async () => {
    const r = await go.call({ op: 'request', address: gw.address, id: 'echo', text: 'unaffected', timeoutMs: 5000 }, (e) => e['event'] === 'reply' || e['event'] === 'error');
    assert.deepEqual(r, { event: 'reply', text: 'unaffected' });
    assert.equal(gw.child.exitCode, null);
  });
});
