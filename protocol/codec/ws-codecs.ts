/** The WebSocket subprotocols Rosetta speaks, each a codec of the same frames. */
import type { CodecLimits } from './limits.js';
import { decodeWsFrame, encodeWsFrame, WS_SUBPROTOCOL_MSGPACK, type WsFrame } from './ws-frame-codec.js';
import { decodeWsFrameProtobuf, encodeWsFrameProtobuf, WS_SUBPROTOCOL_PROTOBUF } from './ws-protobuf-codec.js';

export interface WsCodec {
  readonly subprotocol: string;
  encode(frame: WsFrame): Uint8Array;
  decode(bytes: Uint8Array, limits?: Partial<CodecLimits>): WsFrame;
}

const CODECS: readonly WsCodec[] = [
  { subprotocol: WS_SUBPROTOCOL_MSGPACK, encode: encodeWsFrame, decode: decodeWsFrame },
  { subprotocol: WS_SUBPROTOCOL_PROTOBUF, encode: encodeWsFrameProtobuf, decode: decodeWsFrameProtobuf },
];

/** Every subprotocol a gateway accepts, in its order of preference. */
export const WS_SUBPROTOCOLS: readonly string[] = CODECS.map((c) => c.subprotocol);

/** The codec of a subprotocol, or undefined for one Rosetta does not speak. */
export function wsCodecFor(subprotocol: string): WsCodec | undefined {
  return CODECS.find((c) => c.subprotocol === subprotocol);
}
