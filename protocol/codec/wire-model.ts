/**
 * The language-neutral envelope model every codec (protobuf over gRPC, msgpack
 * and protobuf over WebSocket) encodes. Payloads are opaque bytes plus a type
 * name and serializer id: routing never needs to understand them.
 */
export type Dialect = 'v2024' | 'v2025';

export interface WirePid {
  address: string;
  id: string;
  /** 0 when absent. */
  requestId: number;
}

export interface WireEnvelope {
  target: WirePid;
  /** Undefined when the message has no sender. */
  sender?: WirePid | undefined;
  typeName: string;
  serializerId: number;
  payload: Uint8Array;
  headers?: Record<string, string> | undefined;
}

export type Connection =
  | { type: 'server'; memberId: string; address: string; blockList: string[] }
  | { type: 'client'; memberId: string };

export type RemoteMessage =
  | { kind: 'batch'; envelopes: WireEnvelope[] }
  | { kind: 'connect-request'; connection: Connection }
  | { kind: 'connect-response'; memberId: string; blocked: boolean }
  | { kind: 'disconnect' };
