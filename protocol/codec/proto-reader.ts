/**
 * Bounds-checked protobuf wire reader. Every read validates against the end of
 * the current message, so truncated or hostile input becomes a MalformedFrameError,
 * never a RangeError or a read past the buffer.
 */
import { MalformedFrameError } from './malformed-frame-error.js';

export const WireType = { Varint: 0, I64: 1, Len: 2, SGroup: 3, EGroup: 4, I32: 5 } as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class ProtoReader {
  pos: number;
  constructor(readonly buf: Uint8Array, start = 0, public end = buf.length) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Unsigned 32-bit varint (values above 2^32-1 are truncated to 32 bits, as protobuf does for uint32/int32). */
  uint32(): number {
    const buf = this.buf;
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new MalformedFrameError('truncated', `varint runs past the end at byte ${this.pos}`);
      const b = buf[this.pos++]!;
      if (shift < 32) result |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) return result >>> 0;
    }
    throw new MalformedFrameError('bad-varint', `varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** int32 as encoded by protobuf (negative values use 10 bytes). */
  int32(): number {
    return this.uint32() | 0;
  }

  tag(): { field: number; wire: number } {
    const t = this.uint32();
    const field = t >>> 3;
    if (field === 0) throw new MalformedFrameError('bad-wire-type', `field number 0 at byte ${this.pos}`);
    return { field, wire: t & 7 };
  }

  /** Length of a LEN field, checked against the enclosing message and `max`. */
  len(max: number): number {
    const n = this.uint32();
    if (n > this.end - this.pos) throw new MalformedFrameError('truncated', `length ${n} exceeds the ${this.end - this.pos} bytes left`);
    if (n > max) throw new MalformedFrameError('oversize-field', `field of ${n} bytes exceeds the limit of ${max}`);
    return n;
  }

  /** Zero-copy view of a LEN field. */
  bytes(max: number): Uint8Array {
    const n = this.len(max);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  string(max: number): string {
    const n = this.len(max);
    const s = decodeUtf8(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  expectWire(actual: number, expected: number, field: string): void {
    if (actual !== expected) throw new MalformedFrameError('bad-wire-type', `${field} has wire type ${actual}, expected ${expected}`);
  }

  skip(wire: number): void {
    switch (wire) {
      case WireType.Varint: this.uint32(); return;
      case WireType.I64: this.advance(8); return;
      case WireType.Len: this.advance(this.len(Number.MAX_SAFE_INTEGER)); return;
      case WireType.I32: this.advance(4); return;
      default: throw new MalformedFrameError('bad-wire-type', `unsupported wire type ${wire} at byte ${this.pos}`);
    }
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) throw new MalformedFrameError('truncated', `field runs past the end at byte ${this.pos}`);
    this.pos += n;
  }
}

/** UTF-8 with an ASCII fast path (ids and type names are almost always ASCII). */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  if (end - start < 48) {
    let s = '';
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c >= 0x80) return strictUtf8(buf, start, end);
      s += String.fromCharCode(c);
    }
    return s;
  }
  return strictUtf8(buf, start, end);
}

function strictUtf8(buf: Uint8Array, start: number, end: number): string {
  try {
    return utf8.decode(buf.subarray(start, end));
  } catch (err) {
    throw new MalformedFrameError('invalid-utf8', `string at byte ${start} is not valid UTF-8`, { cause: err });
  }
}
