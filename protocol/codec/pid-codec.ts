/** `actor.PID { string Address = 1; string Id = 2; uint32 request_id = 3; }` */
import { MalformedFrameError } from './malformed-frame-error.js';
import { ProtoReader, WireType } from './proto-reader.js';
import { lenFieldSize, ProtoWriter, utf8Length, varintSize } from './proto-writer.js';
import type { WirePid } from './wire-model.js';

export function pidBodySize(pid: WirePid): number {
  let n = 0;
  if (pid.address) n += lenFieldSize(utf8Length(pid.address));
  if (pid.id) n += lenFieldSize(utf8Length(pid.id));
  if (pid.requestId) n += 1 + varintSize(pid.requestId);
  return n;
}

export function writePidBody(w: ProtoWriter, pid: WirePid): void {
  if (pid.address) w.string(1, pid.address, utf8Length(pid.address));
  if (pid.id) w.string(2, pid.id, utf8Length(pid.id));
  if (pid.requestId) { w.tag(3, WireType.Varint); w.uint32(pid.requestId); }
}

export function encodePid(pid: WirePid): Uint8Array {
  const w = new ProtoWriter(pidBodySize(pid));
  writePidBody(w, pid);
  return w.buf;
}

/** Reads a PID message spanning `r.pos` to `end`. */
export function readPid(r: ProtoReader, end: number, maxString: number): WirePid {
  const outerEnd = r.end;
  r.end = end;
  let address = '', id = '', requestId = 0;
  try {
    while (r.pos < end) {
      const { field, wire } = r.tag();
      switch (field) {
        case 1: r.expectWire(wire, WireType.Len, 'PID.Address'); address = r.string(maxString); break;
        case 2: r.expectWire(wire, WireType.Len, 'PID.Id'); id = r.string(maxString); break;
        case 3: r.expectWire(wire, WireType.Varint, 'PID.request_id'); requestId = r.uint32(); break;
        default: r.skip(wire);
      }
    }
  } finally {
    r.end = outerEnd;
  }
  return { address, id, requestId };
}

export function decodePid(bytes: Uint8Array, maxString = 4096): WirePid {
  const r = new ProtoReader(bytes);
  const pid = readPid(r, bytes.length, maxString);
  if (r.pos !== bytes.length) throw new MalformedFrameError('truncated', 'PID ends mid-field');
  return pid;
}
