#!/usr/bin/env python3
"""An external conformance agent in Python: a Rosetta client over the gateway's WebSocket
(rosetta.v1.msgpack, PROTOCOL.md section 2) with nothing but the standard library and `msgpack`.
It speaks the agent protocol (conformance/conformance.proto, protobuf written by hand below) and
certifies with:  npx rosetta conformance --agent 'python=python3 conformance/testdata/python_agent.py'
Hosts echo/silent actors under registered names, sends, asks, watches, stops; skips the rest."""
import asyncio, base64, json, os, struct, sys, time
import msgpack

def varint(n):
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | (0x80 if n else 0))
        if not n: return bytes(out)

def pb(*fields):  # (number, value): int -> varint, str/bytes -> length-delimited, tuple -> nested
    out = bytearray()
    for num, v in fields:
        if v is None: continue
        if isinstance(v, bool) or isinstance(v, int): out += varint(num << 3) + varint(int(v))
        else:
            v = pb(*v) if isinstance(v, tuple) else v.encode() if isinstance(v, str) else v
            out += varint(num << 3 | 2) + varint(len(v)) + v
    return bytes(out)

def unpb(buf):  # {number: [int | bytes]}
    out, i = {}, 0
    def rv():
        nonlocal i
        n = s = 0
        while True:
            b = buf[i]; i += 1; n |= (b & 0x7F) << s; s += 7
            if b < 0x80: return n
    while i < len(buf):
        key = rv()
        if key & 7 == 0: v = rv()
        elif key & 7 == 2: n = rv(); v = buf[i:i + n]; i += n
        else: raise ValueError('wire type %d' % (key & 7))
        out.setdefault(key >> 3, []).append(v)
    return out

one = lambda m, k, d=b'': m.get(k, [d])[-1]
text = lambda m, k: one(m, k).decode()
pid_of = lambda b: (text(unpb(b), 1), text(unpb(b), 2))
pid_pb = lambda p: ((1, p[0]), (2, p[1]))
strval = lambda s: pb((1, s))
headers_of = lambda m, k: {text(unpb(e), 1): text(unpb(e), 2) for e in m.get(k, [])}
CODES = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
         'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
         'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED']

class Failed(Exception):
    def __init__(self, code, message, reason=''): super().__init__(message); self.code, self.reason = code, reason

class Recording:
    def __init__(self): self.received, self.terminated, self.changed, self.stopped = [], [], asyncio.Event(), False
    def note(self): self.changed.set(); self.changed = asyncio.Event()

class Session:
    """One WebSocket connection: hello with the token, then batches of envelopes both ways."""
    async def open(self, url, token):
        host, port = url.split('//')[1].rstrip('/').split(':')
        self.r, self.w = await asyncio.open_connection(host, int(port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.w.write(('GET / HTTP/1.1\r\nHost: %s:%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\n'
                      'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: rosetta.v1.msgpack\r\n\r\n' % (host, port, key)).encode())
        if b' 101 ' not in await self.r.readuntil(b'\r\n\r\n'): raise Failed(16, 'upgrade refused')
        self.recs, self.pending, self.next, self.watches = {}, {}, 1, {}
        self.send_frame([0, token, 'python-agent/0.1'])
        frame = await self.read_frame()
        if frame is None or frame[0] == 3: raise Failed(frame[1] if frame else 16, frame[2] if frame else 'closed', frame[4] if frame and len(frame) > 4 else '')
        _, self.session, self.address, _ = frame
        self.task = asyncio.ensure_future(self.loop())

    def send_frame(self, frame):
        data = msgpack.packb(frame, use_bin_type=True)
        size = len(data)
        head = bytes([0x82]) + (bytes([0x80 | size]) if size < 126 else struct.pack('!BH', 0xFE, size) if size < 65536 else struct.pack('!BQ', 0xFF, size))
        self.w.write(head + b'\0\0\0\0' + data)  # masked with a zero key: the payload is unchanged

    async def read_frame(self):
        data = b''
        while True:
            b0, b1 = await self.r.readexactly(2)
            n = b1 & 0x7F
            if n == 126: n = struct.unpack('!H', await self.r.readexactly(2))[0]
            elif n == 127: n = struct.unpack('!Q', await self.r.readexactly(8))[0]
            payload = await self.r.readexactly(n)
            if b0 & 0x0F == 8: return None
            if b0 & 0x0F == 9: self.w.write(bytes([0x8A, 0x80 | len(payload)]) + b'\0\0\0\0' + payload); continue
            data += payload
            if b0 & 0x80: return msgpack.unpackb(data, raw=False)

    def envelopes(self, items):  # items: (target pid, type, serializer, payload, target request id, sender pid|None, sender request id, headers)
        types, targets, senders, rows = [], [], [], []
        idx = lambda table, v: table.index(v) if v in table else (table.append(v) or len(table) - 1)
        for t, ty, ser, pay, treq, s, sreq, h in items:
            rows.append([idx(types, ty), idx(targets, list(t)), idx(senders, list(s)) + 1 if s else 0, ser, pay, treq, sreq, h or None])
        self.send_frame([2, types, targets, senders, rows])

    async def loop(self):
        while (frame := await self.read_frame()) is not None:
            if frame[0] == 4: self.send_frame([5, frame[1]])
            elif frame[0] == 3 and frame[3] in self.pending: self.pending.pop(frame[3]).set_exception(Failed(frame[1], frame[2], frame[4] if len(frame) > 4 else ''))
            elif frame[0] == 2:
                types, targets, senders = frame[1], frame[2], frame[3]
                for ti, gi, si, _, pay, treq, sreq, h in frame[4]:
                    ty, target, sender = types[ti], targets[gi], senders[si - 1] if si else None
                    local = target[1][len(self.session) + 1:]
                    if local == '$inbox' and treq in self.pending: self.pending.pop(treq).set_result((ty, pay))
                    elif local.startswith('$watch/') and ty == 'actor.Terminated':
                        rec = self.recs[self.watches[local]]; m = unpb(pay)
                        rec.terminated.append((pid_of(one(m, 1)), one(m, 2, 0) + 1)); rec.note()
                    elif local in self.recs and not self.recs[local].stopped and ty == 'google.protobuf.StringValue':
                        rec, msg = self.recs[local], text(unpb(pay), 1)
                        rec.received.append((msg, h or {}, sender)); rec.note()
                        if rec.echo and sender: self.envelopes([(sender, ty, 0, strval(msg), sreq, None, 0, None)])
                    elif sender and ty != 'actor.Stop':
                        self.envelopes([(sender, 'actor.DeadLetterResponse', 0, pb((1, pid_pb(target))), sreq, None, 0, None)])

    async def ask(self, target, ty, ser, payload, timeout, headers=None):
        n, self.next = self.next, self.next + 1
        self.pending[n] = asyncio.get_running_loop().create_future()
        self.envelopes([(target, ty, ser, payload, 0, (self.address, self.session + '/$inbox'), n, headers)])
        try: ty, pay = await asyncio.wait_for(self.pending[n], timeout)
        except asyncio.TimeoutError: self.pending.pop(n, None); raise Failed(4, 'deadline exceeded')
        if ty == 'rosetta.v1.Error': m = unpb(pay); raise Failed(one(m, 1, 2), text(m, 2), text(m, 4))
        if ty == 'actor.DeadLetterResponse': raise Failed(5, 'dead letter', 'dead-letter')
        return ty, pay

class Agent:
    def __init__(self): self.sessions, self.url = {}, ''

    async def handle(self, op, m, deadline):
        s = self.sessions.get(text(m, 1)) if op not in (10, 11) else None
        if op == 10: self.url = text(m, 2); await self.open('', text(m, 3)); return (2, ((9, 'python'), (10, 1), (12, 'python_agent.py (asyncio, msgpack)')))
        if op == 11: await self.open(text(m, 1), text(m, 2)); return (2, ())
        if op == 12 and s: s.w.close(); del self.sessions[text(m, 1)]; return (2, ())
        if op == 14:
            name, kind = text(m, 2), one(m, 3, 0)
            if kind == 2: return (2, ((1, pid_pb((s.address, name + '-absent'))),))
            if kind > 1: return (6, ((1, 'a client hosts no kinds or virtual actors'),))
            s.recs[name] = rec = Recording(); rec.echo = kind == 0
            await s.ask(('', '$registry'), 'rosetta.v1.RegisterName', 1, json.dumps({'name': name, 'pid': {'Address': s.address, 'Id': s.session + '/' + name}}).encode(), 5)
            return (2, ((1, pid_pb((s.address, name))),))
        if op == 15: s.recs[text(m, 2)].stopped = True; s.envelopes([((s.address, s.session + '/' + text(m, 2)), 'actor.Stop', 0, b'', 0, None, 0, None)]); return (2, ())
        if op == 16:
            target, count, h = pid_of(one(m, 2)), one(m, 5, 0), headers_of(m, 4)
            s.envelopes([(target, 'google.protobuf.StringValue', 0, strval(text(m, 3) + (str(i) if count > 1 else '')), 0, None, 0, h) for i in range(max(count, 1))])
            return (2, ())
        if op == 17:
            target, count, timeout, h = pid_of(one(m, 2)), one(m, 6, 0), (one(m, 5, 0) or 5000) / 1000, headers_of(m, 4)
            async def once(t):
                t0 = time.monotonic(); ty, pay = await s.ask(target, 'google.protobuf.StringValue', 0, strval(t), timeout, h)
                return text(unpb(pay), 1), int((time.monotonic() - t0) * 1e6)
            if count <= 1: reply, us = await once(text(m, 3)); return (2, ((2, reply), (6, us)))
            async def counted(t):
                try: reply, us = await once(t); return ('OK' if reply == t else 'MISMATCH'), us
                except Failed as e: return CODES[e.code], None
            results = await asyncio.gather(*[counted(text(m, 3) + str(i)) for i in range(count)]) if one(m, 7, 0) else [await counted(text(m, 3) + str(i)) for i in range(count)]
            outcomes = {k: sum(1 for o, _ in results if o == k) for k, _ in results}
            return (2, tuple((7, ((1, k), (2, v))) for k, v in outcomes.items()) + tuple((6, us) for _, us in results if us))
        if op == 18:
            w = '$watch/%d' % len(s.watches); s.watches[w] = text(m, 3); s.recs[text(m, 3)] = Recording()
            s.envelopes([(pid_of(one(m, 2)), 'actor.Watch', 0, pb((1, pid_pb((s.address, s.session + '/' + w)))), 0, None, 0, None)])
            return (2, ())
        if op == 19:
            rec, want, until, wait = s.recs[text(m, 2)], one(m, 3, 0), one(m, 4, 0), min(one(m, 5, 0), deadline - 500) / 1000
            end = time.monotonic() + wait
            while not (len(rec.received) >= want and (not until or rec.terminated)) and time.monotonic() < end:
                try: await asyncio.wait_for(rec.changed.wait(), end - time.monotonic())
                except asyncio.TimeoutError: pass
            ok = tuple((3, ((1, t), *((2, ((1, k), (2, v))) for k, v in h.items()), (3, pid_pb(sd) if sd else None))) for t, h, sd in rec.received)
            ok += tuple((4, ((1, pid_pb(who)), (2, why))) for who, why in rec.terminated)
            return (2, ok) if len(rec.received) >= want and (not until or rec.terminated) else (4, ((1, 'not yet'), (2, ok)))
        return (6, ((1, 'the python agent does not do operation %d' % op),))

    async def open(self, name, token):
        s = Session(); await s.open(self.url, token); self.sessions[name] = s

async def main():
    loop, agent = asyncio.get_running_loop(), Agent()
    reader = asyncio.StreamReader(limit=1 << 26)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        try: req = unpb(await reader.readexactly(struct.unpack('<I', await reader.readexactly(4))[0]))
        except asyncio.IncompleteReadError: return
        op = next((k for k in req if 10 <= k <= 30), 30)
        try: result = (2, ()) if op == 30 else await agent.handle(op, unpb(one(req, op)), one(req, 3, 10000))
        except Failed as e: result = (3, ((1, e.code), (2, e.reason), (3, str(e))))
        except Exception as e: result = (5, ((1, '%s: %s' % (type(e).__name__, e)),))
        body = pb((1, one(req, 1, 0)), (result[0], result[1]))
        sys.stdout.buffer.write(struct.pack('<I', len(body)) + body); sys.stdout.buffer.flush()
        if op == 30: return

asyncio.run(main())
