/**
 * codec-protobuf: envelopes/s through the hand-written MessageBatch codec versus
 * protobufjs objects (what @grpc/proto-loader hands you), batches of 100
 * envelopes with 32-byte payloads, both dialects; decode + encode measured
 * separately. This decides which codec the gRPC endpoint uses.
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { decodeRemoteMessage, encodeRemoteMessage, type WireEnvelope } from '../protocol/index.js';
import { report, type BenchArgs } from './lib/report.js';
import { median } from './lib/stats.js';

const BATCH = 100;

function envelopes(): WireEnvelope[] {
  return Array.from({ length: BATCH }, (_, i) => ({
    target: { address: '127.0.0.1:8090', id: `actor-${i % 10}`, requestId: 0 },
    sender: i % 2 ? { address: '127.0.0.1:8091', id: 'future$' + i, requestId: i } : undefined,
    typeName: i % 3 ? 'google.protobuf.StringValue' : 'bench.Ping',
    serializerId: 0,
    payload: new Uint8Array(32).fill(i),
  }));
}

async function loadProtobufjs(): Promise<protobuf.Type> {
  const root = new protobuf.Root();
  const actorProto = fileURLToPath(new URL('../../protocol/proto/actor.proto', import.meta.url));
  root.resolvePath = (_o, t) => (t === 'actor.proto' ? actorProto : t);
  await root.load(fileURLToPath(new URL('../../protocol/proto/remote-v2024/remote.proto', import.meta.url)), { keepCase: true });
  return root.lookupType('remote.RemoteMessage');
}

function rate(iterations: number, fn: () => void): number {
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (iterations * BATCH) / ((performance.now() - t0) / 1000);
}

export async function main(args: BenchArgs): Promise<void> {
  const RemoteMessage = await loadProtobufjs();
  const envs = envelopes();
  const frame = encodeRemoteMessage({ kind: 'batch', envelopes: envs }, { dialect: 'v2024' });
  const pbObject = RemoteMessage.decode(frame);
  const iters = args.quick ? 2000 : 20000;
  const res = { dec: [] as number[], enc: [] as number[], pbDec: [] as number[], pbEnc: [] as number[] };
  for (let run = -1; run < args.runs; run++) {
    const d = rate(iters, () => decodeRemoteMessage(frame, { dialect: 'v2024' }));
    const e = rate(iters, () => encodeRemoteMessage({ kind: 'batch', envelopes: envs }, { dialect: 'v2024' }));
    const pd = rate(iters, () => RemoteMessage.decode(frame));
    const pe = rate(iters, () => RemoteMessage.encode(pbObject).finish());
    if (run >= 0) { res.dec.push(d); res.enc.push(e); res.pbDec.push(pd); res.pbEnc.push(pe); }
  }
  report('codec-protobuf', args, [
    { metric: 'decode MessageBatch', rosetta: median(res.dec), nact: median(res.pbDec), unit: 'env/s', target: { op: '>=', value: 500e3 } },
    { metric: 'encode MessageBatch', rosetta: median(res.enc), nact: median(res.pbEnc), unit: 'env/s', target: { op: '>=', value: 500e3 } },
  ], { batch: BATCH, payloadBytes: 32 }, 'protobufjs');
}
