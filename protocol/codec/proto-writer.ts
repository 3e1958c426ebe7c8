/**
 * Protobuf wire writer for a buffer whose exact size was computed beforehand
 * (two-pass encoding: sizes, then one allocation and one write). Output is
 * canonical — fields in number order, defaults omitted — so it matches protoc
 * byte for byte.
 */
const utf8 = new TextEncoder();

export function varintSize(v: number): number {
  v >>>= 0;
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  return 5;
}

/** int32 size: negative values take 10 bytes on the wire. */
export function int32Size(v: number): number {
  return v < 0 ? 10 : varintSize(v);
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/** Size of a LEN field (tag + length + body) for a field number < 16. */
export function lenFieldSize(bodyLength: number): number {
  return 1 + varintSize(bodyLength) + bodyLength;
}

export class ProtoWriter {
  readonly buf: Uint8Array;
  pos = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }

  uint32(v: number): void {
    v >>>= 0;
    const buf = this.buf;
    while (v >= 0x80) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.pos++] = v;
  }

  int32(v: number): void {
    if (v >= 0) { this.uint32(v); return; }
    // Sign-extended to 64 bits: 10 bytes.
    let lo = v >>> 0;
    for (let i = 0; i < 4; i++) { this.buf[this.pos++] = (lo & 0x7f) | 0x80; lo >>>= 7; }
    this.buf[this.pos++] = (lo & 0x0f) | 0x70 | 0x80;
    for (let i = 0; i < 4; i++) this.buf[this.pos++] = 0xff;
    this.buf[this.pos++] = 0x01;
  }

  tag(field: number, wire: number): void {
    this.uint32((field << 3) | wire);
  }

  /** A string field whose UTF-8 length is already known. */
  string(field: number, s: string, byteLength: number): void {
    this.tag(field, 2);
    this.uint32(byteLength);
    if (byteLength === s.length) {
      const buf = this.buf;
      for (let i = 0; i < s.length; i++) buf[this.pos + i] = s.charCodeAt(i);
    } else {
      utf8.encodeInto(s, this.buf.subarray(this.pos, this.pos + byteLength));
    }
    this.pos += byteLength;
  }

  bytes(field: number, b: Uint8Array): void {
    this.tag(field, 2);
    this.uint32(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Starts a nested message of known body length. */
  nested(field: number, bodyLength: number): void {
    this.tag(field, 2);
    this.uint32(bodyLength);
  }
}
