#!/usr/bin/env node
// Regenerates the golden vectors in this folder. Valid protobuf vectors are encoded by
// protoc (`protoc --encode`, an independent encoder: Debian's protobuf-compiler) from
// text-format inputs; msgpack vectors by Python's `msgpack` package (pip install msgpack).
// Invalid vectors are built from those bytes by targeted edits. Nothing here uses Rosetta's
// own encoders, so the TS codecs are checked against independent bytes.
// Usage: node protocol/vectors/generate.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const protoDir = join(here, '..', 'proto');
const LOCAL = '127.0.0.1:8090';
const GO = '127.0.0.1:8091';

function protoc(dialect, type, text) {
  const includes = [`-I${protoDir}`, `-I${join(protoDir, `remote-${dialect}`)}`];
  const file = type.startsWith('actor.') ? 'actor.proto' : type.startsWith('rosetta.v1.Ws') ? 'ws-frame.proto' : 'remote.proto';
  return execFileSync('protoc', [...includes, `--encode=${type}`, file], { input: text }).toString('hex');
}

const q = (s) => JSON.stringify(s); // text-format strings accept JSON-style escapes for ASCII
const bytesLit = (hex) => '"' + (hex.match(/../g) ?? []).map((b) => '\\' + parseInt(b, 16).toString(8).padStart(3, '0')).join('') + '"';
const pidText = (p) => `{ ${p.address ? `Address: ${q(p.address)} ` : ''}Id: ${q(p.id)} }`;

/** Payloads: protobuf bytes of google.protobuf.StringValue{value}, written by hand (field 1, LEN). */
const stringValue = (s) => '0a' + Buffer.from([s.length]).toString('hex') + Buffer.from(s).toString('hex');

/** A batch case in the neutral model; `text(dialect)` renders it for protoc. */
function batchText(dialect, c) {
  const typeNames = [], targets = [], senders = [];
  const idx = (arr, key, v) => { let i = arr.findIndex((x) => x.key === key); if (i < 0) { arr.push({ key, v }); i = arr.length - 1; } return i; };
  const envs = c.envelopes.map((e) => {
    const t = idx(typeNames, e.typeName, e.typeName);
    const g = idx(targets, dialect === 'v2024' ? `${e.target.address}/${e.target.id}` : e.target.id, e.target);
    const s = e.sender ? idx(senders, `${e.sender.address}/${e.sender.id}`, e.sender) + 1 : 0;
    const fields = [];
    if (t) fields.push(`type_id: ${t}`);
    if (e.payloadHex) fields.push(`message_data: ${bytesLit(e.payloadHex)}`);
    if (g) fields.push(`target: ${g}`);
    if (s) fields.push(`sender: ${s}`);
    if (e.serializerId) fields.push(`serializer_id: ${e.serializerId}`);
    if (e.headers) fields.push(`message_header { ${Object.entries(e.headers).map(([k, v]) => `header_data { key: ${q(k)} value: ${q(v)} }`).join(' ')} }`);
    if (e.target.requestId) fields.push(`target_request_id: ${e.target.requestId}`);
    if (e.sender?.requestId) fields.push(`sender_request_id: ${e.sender.requestId}`);
    return `envelopes { ${fields.join(' ')} }`;
  });
  return `message_batch {\n${[
    ...typeNames.map((t) => `type_names: ${q(t.v)}`),
    ...targets.map((t) => (dialect === 'v2024' ? `targets ${pidText(t.v)}` : `targets: ${q(t.v.id)}`)),
    ...envs,
    ...senders.map((s) => `senders ${pidText(s.v)}`),
  ].join('\n')}\n}`;
}

const pid = (address, id, requestId = 0) => ({ address, id, requestId });
/** A crdt/PROTOCOL.md §2 OPEN frame of document "notes/1" (varString, varUint 0), as crdt-mux.json has it. */
const MUX_OPEN_HEX = '076e6f7465732f3100';
const env = (o) => ({ sender: null, serializerId: 0, payloadHex: '', headers: null, ...o });
const batchCases = [
  { name: 'send-one-string-value', envelopes: [env({ target: pid(LOCAL, 'echo'), typeName: 'google.protobuf.StringValue', payloadHex: stringValue('hi') })] },
  { name: 'request-with-sender-and-request-ids', envelopes: [env({ target: pid(LOCAL, 'echo', 0), sender: pid(GO, 'future$3', 17), typeName: 'google.protobuf.StringValue', payloadHex: stringValue('ping') })] },
  { name: 'reply-to-future-with-target-request-id', envelopes: [env({ target: pid(LOCAL, 'future$9', 4), typeName: 'google.protobuf.StringValue', payloadHex: stringValue('pong') })] },
  {
    name: 'tables-deduplicated-across-envelopes',
    envelopes: [
      env({ target: pid(LOCAL, 'a'), sender: pid(GO, 'p'), typeName: 'google.protobuf.StringValue', payloadHex: stringValue('1') }),
      env({ target: pid(LOCAL, 'b'), sender: pid(GO, 'p'), typeName: 'google.protobuf.Int32Value', payloadHex: '0805' }),
      env({ target: pid(LOCAL, 'a'), typeName: 'google.protobuf.StringValue', payloadHex: stringValue('3') }),
      env({ target: pid(LOCAL, 'b'), sender: pid(GO, 'q'), typeName: 'google.protobuf.Int32Value', payloadHex: '0807' }),
    ],
  },
  { name: 'headers-traceparent', envelopes: [env({ target: pid(LOCAL, 'echo'), typeName: 'google.protobuf.StringValue', payloadHex: stringValue('t'), headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } })] },
  { name: 'json-serializer', envelopes: [env({ target: pid(LOCAL, 'orders/42'), typeName: 'shop.PlaceOrder', serializerId: 1, payloadHex: Buffer.from('{"sku":"A1","qty":2}').toString('hex') })] },
  { name: 'msgpack-serializer', envelopes: [env({ target: pid(LOCAL, 'ts-actor'), typeName: 'shop.PlaceOrder', serializerId: 32, payloadHex: '82a3736b75a24131a3717479 02'.replace(/ /g, '') })] },
  { name: 'empty-payload-poison-pill', envelopes: [env({ target: pid(LOCAL, '$5'), typeName: 'actor.PoisonPill' })] },
  { name: 'system-watch', envelopes: [env({ target: pid(LOCAL, 'echo'), typeName: 'actor.Watch', payloadHex: protoc('v2024', 'actor.Watch', `Watcher ${pidText(pid(GO, '$1'))}`) })] },
  { name: 'system-terminated-address-terminated', envelopes: [env({ target: pid(LOCAL, '$7'), typeName: 'actor.Terminated', payloadHex: protoc('v2024', 'actor.Terminated', `who ${pidText(pid(GO, 'echo'))} Why: AddressTerminated`) })] },
  { name: 'unicode-ids-and-header', envelopes: [env({ target: pid(LOCAL, 'kunde/müller'), typeName: 'google.protobuf.StringValue', payloadHex: stringValue('x'), headers: { 'x-name': 'Zoë ✓' } })] },
];

function decodedBatch(c, dialect) {
  return {
    kind: 'batch',
    envelopes: c.envelopes.map((e) => ({
      target: { address: e.target.address, id: e.target.id, requestId: e.target.requestId },
      sender: e.sender ? { ...e.sender } : null,
      typeName: e.typeName,
      serializerId: e.serializerId,
      payloadHex: e.payloadHex,
      headers: e.headers,
    })),
  };
}

function connectCases(dialect) {
  const sys = dialect === 'v2024' ? 'SystemId' : 'member_id';
  const addr = dialect === 'v2024' ? 'Address' : 'address';
  const block = dialect === 'v2025' ? ' block_list: "bad-member-1" block_list: "bad-member-2"' : '';
  return [
    { name: 'connect-request-server-connection', text: `connect_request { server_connection { ${sys}: "go-node-1" ${addr}: ${q(GO)}${block} } }`, decoded: { kind: 'connect-request', connection: { type: 'server', memberId: 'go-node-1', address: GO, blockList: dialect === 'v2025' ? ['bad-member-1', 'bad-member-2'] : [] } } },
    { name: 'connect-request-client-connection', text: `connect_request { client_connection { ${sys}: "jvm-client-7" } }`, decoded: { kind: 'connect-request', connection: { type: 'client', memberId: 'jvm-client-7' } } },
    { name: 'connect-response', text: 'connect_response { member_id: "rosetta-gw" }', decoded: { kind: 'connect-response', memberId: 'rosetta-gw', blocked: false } },
    { name: 'connect-response-blocked', text: 'connect_response { member_id: "rosetta-gw" blocked: true }', decoded: { kind: 'connect-response', memberId: 'rosetta-gw', blocked: true } },
    { name: 'disconnect-request', text: 'disconnect_request {}', decoded: { kind: 'disconnect' } },
  ];
}

function invalidCases(dialect, valid) {
  const E = (reason) => ({ code: 'INVALID_ARGUMENT', reason });
  const one = valid.find((v) => v.name === 'send-one-string-value').hex;
  const req = valid.find((v) => v.name === 'request-with-sender-and-request-ids').hex;
  const tgt = dialect === 'v2024' ? `targets ${pidText(pid(LOCAL, 'echo'))}` : 'targets: "echo"';
  const otherTgt = dialect === 'v2024' ? 'targets: "echo"' : `targets ${pidText(pid(LOCAL, 'echo'))}`;
  const other = dialect === 'v2024' ? 'v2025' : 'v2024';
  const mb = (body) => protoc(dialect, 'remote.RemoteMessage', `message_batch { ${body} }`);
  return [
    { name: 'truncated-last-byte', hex: one.slice(0, -2), error: E('truncated') },
    { name: 'truncated-mid-envelope', hex: req.slice(0, Math.floor(req.length / 2) & ~1), error: E('truncated') },
    { name: 'bad-varint-eleven-bytes', hex: '0a' + 'ff'.repeat(10) + '01', error: E('bad-varint') },
    { name: 'type-index-out-of-range', hex: mb(`type_names: "t" ${tgt} envelopes { type_id: 1 }`), error: E('index-out-of-range') },
    { name: 'target-index-out-of-range', hex: mb(`type_names: "t" ${tgt} envelopes { target: 3 }`), error: E('index-out-of-range') },
    { name: 'sender-index-out-of-range', hex: mb(`type_names: "t" ${tgt} envelopes { sender: 1 }`), error: E('index-out-of-range') },
    { name: 'negative-type-index', hex: mb(`type_names: "t" ${tgt} envelopes { type_id: -1 }`), error: E('index-out-of-range') },
    { name: 'envelope-without-any-target', hex: mb('type_names: "t" envelopes { }'), error: E('index-out-of-range') },
    { name: 'unknown-serializer-id', hex: mb(`type_names: "t" ${tgt} envelopes { serializer_id: 7 }`), error: E('unknown-serializer') },
    { name: 'huge-declared-length', hex: '0a' + 'ffffffff0f' + '0a01', error: E('truncated') },
    { name: 'wrong-dialect-targets', hex: protoc(other, 'remote.RemoteMessage', `message_batch { type_names: "t" ${otherTgt} envelopes { } }`), error: E('wrong-dialect') },
    { name: 'invalid-utf8-type-name', hex: '0a06' + '0a04' + 'c328a1ff', error: E('invalid-utf8') },
    { name: 'type-names-with-varint-wire-type', hex: '0a02' + '0805', error: E('bad-wire-type') },
    { name: 'group-wire-type', hex: '0a02' + '0b0c', error: E('bad-wire-type') },
    { name: 'empty-remote-message', hex: '', error: E('missing-field') },
    { name: 'field-number-zero', hex: '0001', error: E('bad-wire-type') },
  ];
}

function remoteFile(dialect) {
  const vectors = [];
  for (const c of batchCases) {
    vectors.push({ name: c.name, source: 'protoc', canonical: !c.envelopes.some((e) => e.headers && Object.keys(e.headers).length > 1), hex: protoc(dialect, 'remote.RemoteMessage', batchText(dialect, c)), decoded: decodedBatch(c, dialect) });
  }
  for (const c of connectCases(dialect)) vectors.push({ name: c.name, source: 'protoc', canonical: true, hex: protoc(dialect, 'remote.RemoteMessage', c.text), decoded: c.decoded });
  // Unknown fields are skipped (forward compatibility): not canonical, the encoder drops them.
  vectors.push({ name: 'unknown-field-skipped', source: 'protoc+edit', canonical: false, hex: protoc(dialect, 'remote.RemoteMessage', 'disconnect_request {}') + 'a806' + '2a', decoded: { kind: 'disconnect' } });
  for (const inv of invalidCases(dialect, vectors)) vectors.push({ source: 'protoc+edit', ...inv });
  return { format: 'rosetta-vectors/1', codec: 'remote-protobuf', message: 'remote.RemoteMessage', dialect, localAddress: LOCAL, vectors };
}

function pidFile() {
  const cases = [pid(LOCAL, 'echo'), pid(GO, 'future$12', 300), pid('', '$1'), pid('host.example:443', 'orders/42', 0), pid(LOCAL, 'ü/✓', 4294967295)];
  return {
    format: 'rosetta-vectors/1', codec: 'pid-protobuf', message: 'actor.PID',
    vectors: [
      ...cases.map((p, i) => ({ name: `pid-${i}`, source: 'protoc', canonical: true, hex: protoc('v2024', 'actor.PID', `${p.address ? `Address: ${q(p.address)} ` : ''}Id: ${q(p.id)}${p.requestId ? ` request_id: ${p.requestId}` : ''}`), decoded: p })),
      { name: 'pid-truncated', source: 'edit', hex: '0a0531322e30', error: { code: 'INVALID_ARGUMENT', reason: 'truncated' } },
      { name: 'pid-id-as-varint', source: 'edit', hex: '1005', error: { code: 'INVALID_ARGUMENT', reason: 'bad-wire-type' } },
    ],
  };
}

function msgpackFile() {
  const py = String.raw`
import msgpack, json, sys
cases = json.loads(sys.stdin.read())
out = []
def conv(v):
    if isinstance(v, dict) and '$bin' in v: return bytes.fromhex(v['$bin'])
    if isinstance(v, dict) and '$map' in v: return {k: conv(x) for k, x in v['$map']}
    if isinstance(v, list): return [conv(x) for x in v]
    return v
for c in cases:
    out.append(msgpack.packb(conv(c), use_bin_type=True).hex())
print(json.dumps(out))
`;
  const b = (hex) => ({ $bin: hex });
  const frames = [
    { name: 'hello', value: [0, 'eyJhbGciOiJFZERTQSJ9.e30.sig', 'rosetta-ts/0.1'], decoded: { type: 'hello', token: 'eyJhbGciOiJFZERTQSJ9.e30.sig', client: 'rosetta-ts/0.1' } },
    { name: 'welcome', value: [1, 'sess-1', LOCAL, 4194304], decoded: { type: 'welcome', sessionId: 'sess-1', address: LOCAL, maxFrameBytes: 4194304 } },
    { name: 'error-permission-denied', value: [3, 7, 'not allowed to send to billing/1', 12], decoded: { type: 'error', code: 7, message: 'not allowed to send to billing/1', ref: 12 } },
    { name: 'error-with-reason', value: [3, 7, 'not allowed to send to billing/1', 12, 'send-not-allowed'], decoded: { type: 'error', code: 7, message: 'not allowed to send to billing/1', ref: 12, reason: 'send-not-allowed' } },
    { name: 'ping', value: [4, 99], decoded: { type: 'ping', nonce: 99 } },
    { name: 'pong', value: [5, 99], decoded: { type: 'pong', nonce: 99 } },
    { name: 'documents-open', value: [6, b(MUX_OPEN_HEX)], decoded: { type: 'documents', frameHex: MUX_OPEN_HEX } },
    {
      name: 'batch-send-and-request',
      value: [2, ['google.protobuf.StringValue', 'shop.PlaceOrder'], [[LOCAL, 'echo'], [GO, 'future$3']], [['ws:c1', 'c1$1']],
        [[0, 0, 0, 0, b(stringValue('hi')), 0, 0, null], [1, 0, 1, 32, b('81a3736b75a24131'), 0, 5, { $map: [['traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01']] }], [0, 1, 0, 1, b(Buffer.from('"pong"').toString('hex')), 3, 0, null]]],
      decoded: { type: 'batch', envelopes: [
        { target: pid(LOCAL, 'echo'), sender: null, typeName: 'google.protobuf.StringValue', serializerId: 0, payloadHex: stringValue('hi'), headers: null },
        { target: pid(LOCAL, 'echo'), sender: pid('ws:c1', 'c1$1', 5), typeName: 'shop.PlaceOrder', serializerId: 32, payloadHex: '81a3736b75a24131', headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } },
        { target: pid(GO, 'future$3', 3), sender: null, typeName: 'google.protobuf.StringValue', serializerId: 1, payloadHex: Buffer.from('"pong"').toString('hex'), headers: null },
      ] },
    },
  ];
  const invalid = [
    { name: 'not-an-array', value: { $map: [['type', 2]] }, reason: 'bad-value' },
    { name: 'unknown-frame-type', value: [9, 'x'], reason: 'bad-frame-type' },
    { name: 'batch-type-index-out-of-range', value: [2, ['t'], [[LOCAL, 'a']], [], [[1, 0, 0, 0, b(''), 0, 0, null]]], reason: 'index-out-of-range' },
    { name: 'batch-target-index-out-of-range', value: [2, ['t'], [[LOCAL, 'a']], [], [[0, 1, 0, 0, b(''), 0, 0, null]]], reason: 'index-out-of-range' },
    { name: 'batch-sender-index-out-of-range', value: [2, ['t'], [[LOCAL, 'a']], [], [[0, 0, 1, 0, b(''), 0, 0, null]]], reason: 'index-out-of-range' },
    { name: 'batch-unknown-serializer', value: [2, ['t'], [[LOCAL, 'a']], [], [[0, 0, 0, 7, b(''), 0, 0, null]]], reason: 'unknown-serializer' },
    { name: 'batch-payload-not-bin', value: [2, ['t'], [[LOCAL, 'a']], [], [[0, 0, 0, 0, 'text', 0, 0, null]]], reason: 'bad-value' },
    { name: 'batch-negative-index', value: [2, ['t'], [[LOCAL, 'a']], [], [[-1, 0, 0, 0, b(''), 0, 0, null]]], reason: 'bad-value' },
    { name: 'batch-empty-target-id', value: [2, ['t'], [[LOCAL, '']], [], []], reason: 'missing-field' },
    { name: 'batch-header-not-string', value: [2, ['t'], [[LOCAL, 'a']], [], [[0, 0, 0, 0, b(''), 0, 0, { $map: [['k', 1]] }]]], reason: 'bad-value' },
    { name: 'hello-token-not-string', value: [0, 42, 'x'], reason: 'bad-value' },
    { name: 'documents-not-bin', value: [6, 'notes/1'], reason: 'bad-value' },
  ];
  const all = [...frames.map((f) => f.value), ...invalid.map((f) => f.value)];
  const hexes = JSON.parse(execFileSync('python3', ['-c', py], { input: JSON.stringify(all) }).toString());
  const vectors = frames.map((f, i) => ({ name: f.name, source: 'python-msgpack', canonical: true, hex: hexes[i], decoded: f.decoded }));
  invalid.forEach((f, i) => vectors.push({ name: f.name, source: 'python-msgpack', hex: hexes[frames.length + i], error: { code: 'INVALID_ARGUMENT', reason: f.reason } }));
  const batchHex = hexes[frames.findIndex((f) => f.name === 'batch-send-and-request')];
  vectors.push({ name: 'truncated-batch', source: 'python-msgpack+edit', hex: batchHex.slice(0, batchHex.length - 20), error: { code: 'INVALID_ARGUMENT', reason: 'truncated' } });
  vectors.push({ name: 'empty-frame', source: 'edit', hex: '', error: { code: 'INVALID_ARGUMENT', reason: 'truncated' } });
  return { format: 'rosetta-vectors/1', codec: 'ws-msgpack', subprotocol: 'rosetta.v1.msgpack', vectors };
}

/** `rosetta.v1.protobuf`: every frame by protoc from ws-frame.proto (batches in the v2024 MessageBatch layout). */
function protobufWsFile() {
  const ws = (text) => protoc('v2024', 'rosetta.v1.WsFrame', text);
  const vectors = [
    { name: 'hello', text: `hello { token: "eyJhbGciOiJFZERTQSJ9.e30.sig" client: "rosetta-ts/0.1" }`, decoded: { type: 'hello', token: 'eyJhbGciOiJFZERTQSJ9.e30.sig', client: 'rosetta-ts/0.1' } },
    { name: 'welcome', text: `welcome { session_id: "sess-1" address: ${q(LOCAL)} max_frame_bytes: 4194304 }`, decoded: { type: 'welcome', sessionId: 'sess-1', address: LOCAL, maxFrameBytes: 4194304 } },
    { name: 'error-permission-denied', text: `error { code: 7 message: "not allowed to send to billing/1" ref: 12 }`, decoded: { type: 'error', code: 7, message: 'not allowed to send to billing/1', ref: 12 } },
    { name: 'error-with-reason', text: `error { code: 7 message: "not allowed to send to billing/1" ref: 12 reason: "send-not-allowed" }`, decoded: { type: 'error', code: 7, message: 'not allowed to send to billing/1', ref: 12, reason: 'send-not-allowed' } },
    { name: 'ping', text: 'ping { nonce: 99 }', decoded: { type: 'ping', nonce: 99 } },
    { name: 'ping-zero-nonce-empty-message', text: 'ping { }', decoded: { type: 'ping', nonce: 0 } },
    { name: 'pong', text: 'pong { nonce: 99 }', decoded: { type: 'pong', nonce: 99 } },
    { name: 'documents-open', text: `documents: ${bytesLit(MUX_OPEN_HEX)}`, decoded: { type: 'documents', frameHex: MUX_OPEN_HEX } },
  ].map((v) => ({ name: v.name, source: 'protoc', canonical: true, hex: ws(v.text), decoded: v.decoded }));
  for (const c of batchCases) {
    const d = decodedBatch(c, 'v2024');
    vectors.push({ name: `batch-${c.name}`, source: 'protoc', canonical: !c.envelopes.some((e) => e.headers && Object.keys(e.headers).length > 1), hex: ws(batchText('v2024', c)), decoded: { type: 'batch', envelopes: d.envelopes } });
  }
  const E = (reason) => ({ code: 'INVALID_ARGUMENT', reason });
  const batchHex = vectors.find((v) => v.name === 'batch-tables-deduplicated-across-envelopes').hex;
  vectors.push(
    { name: 'two-frame-kinds', source: 'protoc+edit', hex: ws('hello { token: "t" }') + ws('ping { nonce: 1 }'), error: E('bad-frame-type') },
    { name: 'remoting-connect-request-is-not-a-frame', source: 'protoc', hex: protoc('v2024', 'remote.RemoteMessage', `connect_request { client_connection { SystemId: "x" } }`), error: E('bad-frame-type') },
    { name: 'no-frame-kind', source: 'protoc+edit', hex: 'a8062a', error: E('missing-field') },
    { name: 'empty-frame', source: 'edit', hex: '', error: E('truncated') },
    { name: 'hello-token-wrong-wire-type', source: 'protoc+edit', hex: '8201020805', error: E('bad-wire-type') },
    { name: 'batch-string-targets', source: 'protoc', hex: protoc('v2025', 'remote.RemoteMessage', 'message_batch { type_names: "t" targets: "echo" envelopes { } }'), error: E('wrong-dialect') },
    { name: 'truncated-batch', source: 'protoc+edit', hex: batchHex.slice(0, batchHex.length - 6), error: E('truncated') },
  );
  return { format: 'rosetta-vectors/1', codec: 'ws-protobuf', subprotocol: 'rosetta.v1.protobuf', vectors };
}

const write = (name, data) => writeFileSync(join(here, name), JSON.stringify(data, null, 2) + '\n');
write('pid.json', pidFile());
write('remote-v2024.json', remoteFile('v2024'));
write('remote-v2025.json', remoteFile('v2025'));
write('ws-msgpack.json', msgpackFile());
write('ws-protobuf.json', protobufWsFile());
console.log('vectors written');
