/**
 * Seeded generators of hostile HTTP/1.x requests for a server that must never end
 * its process: odd request lines (methods, `//`, `//a:99999/`, `/\`, percent
 * garbage, absolute URIs, huge paths), header sets (duplicates, oversize, invalid
 * characters, bad Content-Length / Transfer-Encoding, smuggling shapes), WebSocket
 * upgrades with bad or missing keys, versions and subprotocols, upgrades to other
 * protocols, truncated requests, byte mutations and raw binary.
 *
 * Each request says how it is framed: `clean` requests are whole — nothing is left
 * for the server to wait for — so more may be pipelined behind them (the server may
 * still refuse one and close, e.g. a duplicate Host); `final` ones may leave the
 * server waiting for bytes that never come, or switch protocols, so they go last on
 * their connection, which is then half-closed.
 *
 * @example
 *   const r = hostileRequest(new SeededRandom(1), { host: '127.0.0.1:8080' });
 *   socket.write(r.bytes);
 */
import type { SeededRandom } from './seeded-random.js';

export interface HostileRequest {
  bytes: Buffer;
  /** The method as written (HEAD answers carry no body). */
  method: string;
  framing: 'clean' | 'final';
  category: string;
}

export interface RequestContext {
  host: string;
}

const PATHS = [
  '/', '//', '///', '//a:99999/', '//a:99999', '/\\', '/\\\\evil.test/', '/%ZZ%00', '/%', '/%%%', '/%2e%2e/%2e%2e/etc/passwd', '/..', '/../../',
  '/healthz', '//healthz', '/healthz/', '/healthz?x=1', '/healthz#frag', '/HEALTHZ', '/.well-known/jwks.json', '/.well-known//jwks.json',
  '/?', '/??&&==', '/a?b=%ff%fe', '/;a;b', '/@', '/:', '/a:b@c', '/%c0%af', '/%u2215', '/%00', '/"<>{}|^`', '/ws$1/x', '/$registry',
  'http://127.0.0.1/', 'http://[::1]:99999/', 'http://[::1', 'https://evil.test/healthz', 'ws://x/', 'http://a@b:c@d/', 'http:/x', '*',
  'http://0x7f.1/', '//[::ffff:127.0.0.1]/', '/' + '%41'.repeat(200), '/__proto__', '/constructor/prototype', '/hasOwnProperty',
  // The y-websocket endpoint: the document name is percent-decoded from the path, the token read from the query.
  '/yjs', '/yjs/', '/yjs//', '/yjs/%', '/yjs/%E0%A4%A', '/yjs/%00', '/yjs/%ff%fe', '/yjs/a%2Fb', '/yjs/a?token=', '/yjs/a?token=x&token=y',
  '/yjs/a?token=%ZZ', '/yjs/a?=&&token', '/yjs/' + 'd'.repeat(600), '/yjs/__proto__?token=constructor', '/yjs/a#?token=x', '/YJS/a',
];
const CLEAN_METHODS = ['GET', 'GET', 'GET', 'HEAD', 'OPTIONS', 'DELETE', 'POST', 'PUT', 'PATCH', 'TRACE', 'PROPFIND', 'PURGE', 'MKCOL', 'QUERY'];
const BAD_METHODS = ['get', 'BREW', 'G ET', 'GET\x00', '', '\x16\x03\x01', 'GET\t', 'ÄGET', 'CONNECT', 'PRI', 'X'.repeat(300), 'M-SEARCH', 'GE'];
const VERSIONS_BAD = ['HTTP/1.2', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1.1x', 'http/1.1', 'HTTP/1', 'HTTP/11', 'HTTP/1.1 ', 'HTTP/', '', 'HTTP/9.9', 'HTTP/1.01'];
const HEADER_NAMES = ['X-A', 'Cookie', 'Accept', 'User-Agent', 'X-Forwarded-For', 'Forwarded', 'Origin', 'Referer', "X-!#$%&'*+-.^_`|~", 'authorization', 'Sec-WebSocket-Extensions', 'Via', 'TE', 'Trailer', 'Keep-Alive', 'Host'];
const HEADER_VALUES = ['', 'a', '*/*', 'Bearer x.y.z', '127.0.0.1, ::1, unknown', 'for=_hidden;proto=https', 'null', 'deflate; client_max_window_bits', 'close, upgrade', '\t tabbed \t', '%00%ff', '\x80\xff obs-text', 'a'.repeat(200)];
const SUBPROTOCOLS = ['rosetta.v1.msgpack', 'rosetta.v1.protobuf', 'rosetta.v1.msgpack, rosetta.v1.protobuf', 'evil', '', ',', 'rosetta.v1.msgpack, evil', 'evil, rosetta.v1.protobuf', 'rosetta.v2', 'ROSETTA.V1.MSGPACK', 'rosetta.v1.msgpack\x00'];
const KEYS = ['dGhlIHNhbXBsZSBub25jZQ==', '!!', '', 'short', 'dGhlIHNhbXBsZSBub25jZQ', 'dGhlIHNhbXBsZSBub25jZQ===', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAA', '\x01\x02'];
const WS_VERSIONS = ['13', '13', '8', '14', '0', 'abc', '13, 8', '', '-1', '99999999999999999999'];

function join(lines: string[], body = ''): Buffer {
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n' + body, 'latin1');
}

function cleanHeaders(rnd: SeededRandom): string[] {
  const out: string[] = [];
  const n = rnd.weighted([[6, rnd.int(0, 3)], [2, rnd.int(4, 20)], [1, rnd.int(21, 90)]] as const);
  for (let i = 0; i < n; i++) {
    const name = rnd.pick(HEADER_NAMES);
    if (name === 'Host' || name === 'TE' || name === 'Trailer') continue;
    out.push(`${rnd.chance(0.2) ? name.toUpperCase() : name}: ${rnd.pick(HEADER_VALUES)}`);
  }
  if (rnd.chance(0.1)) out.push(`X-Long: ${'v'.repeat(rnd.int(1000, 6000))}`);
  return out;
}

function path(rnd: SeededRandom): string {
  const p = rnd.pick(PATHS);
  if (rnd.chance(0.1)) return p + '?' + 'q'.repeat(rnd.int(1, 3000));
  if (rnd.chance(0.05)) return '/' + 'a/'.repeat(rnd.int(1, 1500));
  return p;
}

/** A complete request the parser accepts whatever it carries: the connection stays usable. */
export function cleanRequest(rnd: SeededRandom, ctx: RequestContext): HostileRequest {
  const method = rnd.pick(CLEAN_METHODS);
  const host = rnd.weighted([[8, [`Host: ${ctx.host}`]], [1, [`Host: ${ctx.host}`, 'Host: evil.test']], [1, ['Host: ']], [1, ['Host: a:99999']]] as const);
  const lines = [`${method} ${path(rnd)} HTTP/1.1`, ...host, ...cleanHeaders(rnd)];
  if (rnd.chance(0.05)) lines.push('Expect: 100-continue');
  if (rnd.chance(0.05)) lines.push(`Expect: ${rnd.pick(['x', '200-ok', '100-continue, x'])}`);
  if (rnd.chance(0.05)) lines.push('Upgrade: websocket'); // without Connection: Upgrade it is an ordinary request
  let body = '';
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    body = rnd.bytes(rnd.int(0, 300)).toString('latin1');
    if (rnd.chance(0.5)) lines.push(`Content-Length: ${body.length}`);
    else {
      lines.push('Transfer-Encoding: chunked');
      body = body.length === 0 ? '0\r\n\r\n' : `${body.length.toString(16)}${rnd.chance(0.2) ? ';ext=1' : ''}\r\n${body}\r\n0\r\n${rnd.chance(0.2) ? 'X-Trailer: t\r\n' : ''}\r\n`;
    }
    return { bytes: Buffer.concat([join(lines), Buffer.from(body, 'latin1')]), method, framing: 'clean', category: 'clean-body' };
  }
  return { bytes: join(lines), method, framing: 'clean', category: rnd.chance(0.5) ? 'clean-path' : 'clean-headers' };
}

function upgrade(rnd: SeededRandom, ctx: RequestContext): HostileRequest {
  if (rnd.chance(0.2)) {
    // A valid upgrade (answered 101): the storm then drops the socket before any hello.
    const lines = ['GET / HTTP/1.1', `Host: ${ctx.host}`, 'Connection: Upgrade', 'Upgrade: websocket', `Sec-WebSocket-Key: ${rnd.bytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13', `Sec-WebSocket-Protocol: ${rnd.pick(['rosetta.v1.msgpack', 'rosetta.v1.protobuf', 'evil, rosetta.v1.protobuf'])}`];
    return { bytes: join(lines, rnd.chance(0.3) ? rnd.bytes(rnd.int(1, 64)).toString('latin1') : ''), method: 'GET', framing: 'final', category: 'upgrade' };
  }
  const method = rnd.weighted([[9, 'GET'], [1, 'POST'], [1, 'HEAD']] as const);
  const target = rnd.weighted([[6, '/'], [2, `/yjs/${rnd.pick(['notes/1', '', '%', 'a'.repeat(700), '%F0%9F%98%80'])}${rnd.chance(0.5) ? `?token=${rnd.pick(['', 'x', 'a.b.c', '%ff'])}` : ''}`], [2, path(rnd)]] as const);
  const lines = [`${method} ${target} ${rnd.weighted([[9, 'HTTP/1.1'], [1, 'HTTP/1.0']] as const)}`, `Host: ${ctx.host}`];
  if (rnd.chance(0.9)) lines.push(`Connection: ${rnd.pick(['Upgrade', 'upgrade', 'keep-alive, Upgrade', 'close, upgrade', 'Upgrade, Upgrade'])}`);
  if (rnd.chance(0.9)) lines.push(`Upgrade: ${rnd.weighted([[8, 'websocket'], [1, 'WebSocket'], [1, 'h2c'], [1, 'foo/1.0'], [1, 'websocket, h2c'], [1, 'TLS/1.2'], [1, '']] as const)}`);
  if (rnd.chance(0.85)) lines.push(`Sec-WebSocket-Key: ${rnd.pick(KEYS)}`);
  if (rnd.chance(0.1)) lines.push(`Sec-WebSocket-Key: ${rnd.pick(KEYS)}`);
  if (rnd.chance(0.85)) lines.push(`Sec-WebSocket-Version: ${rnd.pick(WS_VERSIONS)}`);
  if (rnd.chance(0.85)) lines.push(`Sec-WebSocket-Protocol: ${rnd.pick(SUBPROTOCOLS)}`);
  if (rnd.chance(0.1)) lines.push(`Sec-WebSocket-Protocol: ${rnd.pick(SUBPROTOCOLS)}`);
  if (rnd.chance(0.2)) lines.push(`Sec-WebSocket-Extensions: ${rnd.pick(['permessage-deflate', 'permessage-deflate; server_max_window_bits=99', 'x-webkit-deflate-frame', ';;;'])}`);
  if (rnd.chance(0.1)) lines.push('HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA');
  if (rnd.chance(0.1)) lines.push(`Origin: ${rnd.pick(['null', 'http://evil.test', ''])}`);
  const body = rnd.chance(0.2) ? rnd.bytes(rnd.int(1, 200)).toString('latin1') : '';
  return { bytes: join(lines, body), method, framing: 'final', category: 'upgrade' };
}

function smuggling(rnd: SeededRandom, ctx: RequestContext): HostileRequest {
  const cl = rnd.pick(['Content-Length: -1', 'Content-Length: abc', 'Content-Length: 1 2', 'Content-Length: +5', 'Content-Length: 99999999999999999999',
    'Content-Length: 5\r\nContent-Length: 6', 'Content-Length: 3\r\nContent-Length: 3', 'Content-Length: 0x10', 'Content-Length: 5, 5', 'Content-Length : 5',
    'Content-Length:\t5', 'Content-Length: 4\r\nTransfer-Encoding: chunked', 'Transfer-Encoding: chunked\r\nContent-Length: 4', 'Transfer-Encoding: chunked, chunked',
    'Transfer-Encoding: gzip, chunked', 'Transfer-Encoding: chunked, gzip', 'Transfer-Encoding: xchunked', 'Transfer-Encoding : chunked', 'Transfer-Encoding:\x0bchunked',
    'Transfer-Encoding: chunked\r\nTransfer-Encoding: identity', 'Transfer-Encoding: identity', 'Transfer-Encoding: \x00chunked', ' Transfer-Encoding: chunked',
    'Transfer-Encoding: chunked', 'Transfer-Encoding: chunked', 'Content-Length: 10', 'Content-Length: 1000000000']);
  const body = rnd.pick(['0\r\n\r\n', '5\r\nhello\r\n0\r\n\r\n', 'zz\r\nab\r\n0\r\n\r\n', 'ffffffffffffffff\r\nab', '5;' + 'e'.repeat(5000) + '\r\nhello\r\n0\r\n\r\n',
    '5\r\nhelloXX0\r\n\r\n', '-1\r\n', '0\r\nX: y\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n', '3\nabc\n0\n\n', 'abc', '', '5\r\nhel', '0\r\n\r\nGET / HTTP/1.1\r\n\r\n']);
  const method = rnd.pick(['POST', 'GET', 'PUT']);
  return { bytes: join([`${method} / HTTP/1.1`, `Host: ${ctx.host}`, cl], body), method, framing: 'final', category: 'smuggling' };
}

function badLine(rnd: SeededRandom, ctx: RequestContext): HostileRequest {
  const method = rnd.chance(0.5) ? rnd.pick(BAD_METHODS) : 'GET';
  const target = rnd.pick([path(rnd), '', ' ', '/ /', '/\x00', '/\x7f', '/\xff\xfe', '/\r', '/\t', 'http://[', '/' + '\x01'.repeat(3), '/a b']);
  const version = rnd.chance(0.5) ? rnd.pick(VERSIONS_BAD) : 'HTTP/1.1';
  const sep = rnd.pick([' ', ' ', '  ', '\t', '\x0b']);
  const eol = rnd.pick(['\r\n', '\r\n', '\n', '\r', '\r\r\n']);
  const line = rnd.chance(0.1) ? `${method}${sep}${target}` : `${method}${sep}${target}${sep}${version}`;
  const bytes = Buffer.from(`${line}${eol}Host: ${ctx.host}${eol}${eol}`, 'latin1');
  return { bytes, method, framing: 'final', category: 'bad-request-line' };
}

function badHeaders(rnd: SeededRandom, ctx: RequestContext): HostileRequest {
  const bad = rnd.pick(['X A: b', '(x): y', ': novalue', 'X-A b', 'X-A:\x00', 'X-A: a\rb', 'X-A: a\nb', 'X-A: \x7f', 'X-A:\r\n continued', '\x00: x', 'X-A\x80: y',
    'Host: a\r\nHost: b\r\nHost: c', 'X-A: b\r\n\tfolded', 'Content-Type: ' + '\x0c'.repeat(3), 'X: ' + 'h'.repeat(rnd.int(15_000, 40_000)),
    Array.from({ length: rnd.int(200, 2000) }, (_, i) => `X-${i}: v`).join('\r\n'), 'Connection: keep-alive, Upgrade\r\nUpgrade: \x00']);
  const method = rnd.pick(['GET', 'HEAD', 'POST']);
  return { bytes: join([`${method} ${path(rnd)} HTTP/1.1`, `Host: ${ctx.host}`, bad]), method, framing: 'final', category: 'bad-headers' };
}

function hugePath(rnd: SeededRandom): HostileRequest {
  const p = '/' + rnd.pick(['a', '%', '/', '%2f', '.', '\\']).repeat(rnd.int(4_000, 70_000));
  return { bytes: join([`GET ${p} HTTP/1.1`, 'Host: x']), method: 'GET', framing: 'final', category: 'huge-path' };
}

function mutated(rnd: SeededRandom, ctx: RequestContext): HostileRequest {
  const base = rnd.chance(0.5) ? cleanRequest(rnd, ctx) : upgrade(rnd, ctx);
  const b = Buffer.from(base.bytes);
  let out = b;
  const edits = rnd.int(1, 4);
  for (let i = 0; i < edits; i++) {
    const at = rnd.int(0, Math.max(0, out.length - 1));
    const op = rnd.int(0, 3);
    if (op === 0) out[at] = rnd.next() & 0xff;
    else if (op === 1) out = Buffer.concat([out.subarray(0, at), rnd.bytes(rnd.int(1, 8)), out.subarray(at)]);
    else if (op === 2) out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + rnd.int(1, 8)))]);
    else out[at] = rnd.pick([0x00, 0x0a, 0x0d, 0x20, 0x3a, 0x7f, 0xff, 0x09]);
  }
  return { bytes: out, method: base.method, framing: 'final', category: 'mutated' };
}

function partial(rnd: SeededRandom, ctx: RequestContext): HostileRequest {
  const base = rnd.chance(0.7) ? cleanRequest(rnd, ctx) : upgrade(rnd, ctx);
  return { bytes: base.bytes.subarray(0, rnd.int(1, Math.max(1, base.bytes.length - 1))), method: base.method, framing: 'final', category: 'partial' };
}

function binary(rnd: SeededRandom): HostileRequest {
  const shapes = [
    () => rnd.bytes(rnd.int(1, 2000)),
    () => Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'), rnd.bytes(rnd.int(0, 200))]),
    () => Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, ...rnd.bytes(rnd.int(0, 100))]), // a TLS ClientHello's start
    () => Buffer.from('\r\n'.repeat(rnd.int(1, 2000)), 'latin1'),
    () => Buffer.alloc(rnd.int(1, 5000)),
  ];
  return { bytes: rnd.pick(shapes)(), method: 'GET', framing: 'final', category: 'binary' };
}

/** A request that closes the connection from the client's side of the protocol (Connection: close, HTTP/1.0). */
function closing(rnd: SeededRandom, ctx: RequestContext): HostileRequest {
  const r = cleanRequest(rnd, ctx);
  const text = r.bytes.toString('latin1');
  const bytes = rnd.chance(0.5)
    ? Buffer.from(text.replace('\r\n', '\r\nConnection: close\r\n'), 'latin1')
    : Buffer.from(text.replace(' HTTP/1.1\r\n', ' HTTP/1.0\r\n'), 'latin1');
  return { bytes, method: r.method, framing: 'final', category: 'connection-close' };
}

/** A request that ends its connection: hostile framing, upgrade, truncation, or binary. */
export function finalRequest(rnd: SeededRandom, ctx: RequestContext): HostileRequest {
  const gen = rnd.weighted([
    [14, () => upgrade(rnd, ctx)], [10, () => smuggling(rnd, ctx)], [10, () => badLine(rnd, ctx)], [10, () => badHeaders(rnd, ctx)],
    [3, () => hugePath(rnd)], [14, () => mutated(rnd, ctx)], [8, () => partial(rnd, ctx)], [6, () => binary(rnd)], [5, () => closing(rnd, ctx)],
  ] as const);
  return gen();
}
