/**
 * The multiplexing frame: many documents over one connection (one WebSocket
 * message per frame). Grammar (crdt/PROTOCOL.md; varUint/varString as lib0):
 *
 *   frame   = document:varString kind:varUint body
 *   kind 0  OPEN     c→s  body = ""                       join the document
 *   kind 1  MESSAGE  both body = one y-protocols message  (the rest of the frame)
 *   kind 2  ACK      s→c  body = varUint(count)           `count` writes of this document are durable (cumulative)
 *   kind 3  ERROR    s→c  body = refusal                  one message was refused; the document stays open
 *   kind 4  CLOSE    both body = "" (c→s) | refusal (s→c) leave the document / the server ended it
 *   refusal = varUint(status) varString(reason) varString(message)
 *
 * @example
 *   ws.send(encodeMuxFrame({ kind: 'message', document: 'notes/1', message }));
 *   const f = decodeMuxFrame(bytes); // throws MalformedFrameError
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MalformedMuxFrameError as MalformedFrameError } from './malformed.js';

export const MuxKind = { Open: 0, Message: 1, Ack: 2, Error: 3, Close: 4 } as const;

export interface MuxRefusal {
  status: number;
  reason: string;
  message: string;
}

export type MuxFrame =
  | { kind: 'open'; document: string }
  | { kind: 'message'; document: string; message: Uint8Array }
  | { kind: 'ack'; document: string; count: number }
  | { kind: 'error'; document: string; refusal: MuxRefusal }
  | { kind: 'close'; document: string; refusal?: MuxRefusal };

/** The bytes every MESSAGE frame of `document` starts with (so a broadcast can be framed once). */
export function muxPrefix(document: string, kind: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, document);
  encoding.writeVarUint(e, kind);
  return encoding.toUint8Array(e);
}

/** A MESSAGE frame from a prefix made by `muxPrefix(document, MuxKind.Message)`. */
export function framePrefixed(prefix: Uint8Array, message: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + message.length);
  out.set(prefix, 0);
  out.set(message, prefix.length);
  return out;
}

function writeRefusal(e: encoding.Encoder, r: MuxRefusal): void {
  encoding.writeVarUint(e, r.status);
  encoding.writeVarString(e, r.reason);
  encoding.writeVarString(e, r.message);
}

export function encodeMuxFrame(f: MuxFrame): Uint8Array {
  if (f.kind === 'message') return framePrefixed(muxPrefix(f.document, MuxKind.Message), f.message);
  const e = encoding.createEncoder();
  encoding.writeVarString(e, f.document);
  switch (f.kind) {
    case 'open': encoding.writeVarUint(e, MuxKind.Open); break;
    case 'ack': encoding.writeVarUint(e, MuxKind.Ack); encoding.writeVarUint(e, f.count); break;
    case 'error': encoding.writeVarUint(e, MuxKind.Error); writeRefusal(e, f.refusal); break;
    case 'close': encoding.writeVarUint(e, MuxKind.Close); if (f.refusal) writeRefusal(e, f.refusal); break;
  }
  return encoding.toUint8Array(e);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A varString read strictly: the length must fit the frame and the bytes must be UTF-8. */
function readString(d: decoding.Decoder): string {
  const len = decoding.readVarUint(d);
  if (len > d.arr.length - d.pos) throw new MalformedFrameError('string runs past the end of the frame');
  const s = utf8.decode(d.arr.subarray(d.pos, d.pos + len));
  d.pos += len;
  return s;
}

function readRefusal(d: decoding.Decoder): MuxRefusal {
  return { status: decoding.readVarUint(d), reason: readString(d), message: readString(d) };
}

function end(d: decoding.Decoder, what: string): void {
  if (decoding.hasContent(d)) throw new MalformedFrameError(`trailing bytes after ${what} frame`);
}

/** Parses one frame; throws MalformedFrameError (INVALID_ARGUMENT, reason `malformed-frame`). */
export function decodeMuxFrame(bytes: Uint8Array): MuxFrame {
  try {
    const d = decoding.createDecoder(bytes);
    const document = readString(d);
    const kind = decoding.readVarUint(d);
    switch (kind) {
      case MuxKind.Open: end(d, 'OPEN'); return { kind: 'open', document };
      case MuxKind.Message: {
        if (!decoding.hasContent(d)) throw new MalformedFrameError('MESSAGE frame without a message');
        return { kind: 'message', document, message: bytes.subarray(d.pos) };
      }
      case MuxKind.Ack: { const count = decoding.readVarUint(d); end(d, 'ACK'); return { kind: 'ack', document, count }; }
      case MuxKind.Error: { const refusal = readRefusal(d); end(d, 'ERROR'); return { kind: 'error', document, refusal }; }
      case MuxKind.Close: {
        if (!decoding.hasContent(d)) return { kind: 'close', document };
        const refusal = readRefusal(d); end(d, 'CLOSE'); return { kind: 'close', document, refusal };
      }
      default: throw new MalformedFrameError(`unknown frame kind ${kind}`);
    }
  } catch (err) {
    if (err instanceof MalformedFrameError) throw err;
    throw new MalformedFrameError('truncated or malformed frame', { cause: err });
  }
}
