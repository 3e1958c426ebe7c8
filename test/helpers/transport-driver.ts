/**
 * One authenticated connection of either transport, driven the same way, for the
 * catalogues that run every case over a WebSocket and a gRPC stream: send,
 * request (typed outcome: `{ok}` or `{error: code, reason}`), the PIDs it hosts,
 * and a FIFO marker — a request answered after everything sent before it on this
 * connection has been handled by the gateway's edge (delivered into a mailbox or
 * refused), so "nothing was delivered" is checked without sleeping.
 */
import { WebSocket } from 'ws';
import { RosettaClient, type Typed } from '../../adapters/ts/index.js';
import { decodePayload, encodePayload } from '../../adapters/ts/payloads.js';
import type { WireEnvelope } from '../../protocol/index.js';
import { RawRemotingStream } from './raw-remoting-stream.js';

export type Transport = 'ws' | 'grpc';
export const TRANSPORTS: Transport[] = ['ws', 'grpc'];
export const WS = WebSocket as unknown as NonNullable<Parameters<typeof RosettaClient.connect>[0]['WebSocket']>;

export type Outcome = { ok: unknown } | { error: string | undefined; reason?: string | undefined };
export type Target = { address?: string; id: string };

export interface Driver {
  readonly transport: Transport;
  send(target: Target | string, m: string | Typed): void;
  request(target: Target | string, m: string | Typed, timeoutMs?: number): Promise<Outcome>;
  /** A PID this connection hosts (as RegisterName wants it). */
  own(name: string): { Address: string; Id: string };
  /** Resolves once everything sent before on this connection has gone through the gateway's edge. */
  marker(): Promise<void>;
  readonly closed: Promise<void>;
  close(): void;
}

export interface GatewayAddresses {
  address: string;
  wsUrl: string;
}

const asTarget = (t: Target | string): Target => (typeof t === 'string' ? { id: t } : t);
/** `{error}` or `{error, reason}` (no `reason` key when there is none, so `{ error: 'X' }` compares equal). */
const refusal = (error: string | undefined, reason: string | undefined): Outcome => (reason === undefined ? { error } : { error, reason });

export async function openDriver(t: Transport, gw: GatewayAddresses, token: string | undefined): Promise<Driver> {
  return t === 'ws' ? openWs(gw, token) : openGrpc(gw, token);
}

async function openWs(gw: GatewayAddresses, token: string | undefined): Promise<Driver> {
  const c = await RosettaClient.connect({ url: gw.wsUrl, token, WebSocket: WS, reconnect: false });
  const request = (target: Target | string, m: string | Typed, timeoutMs = 3000): Promise<Outcome> =>
    c.request<unknown>(asTarget(target), m, { timeoutMs }).then((v) => ({ ok: v }), (e: Error & { code?: string; reason?: string }) => refusal(e.code, e.reason));
  return {
    transport: 'ws',
    send: (target, m) => c.send(asTarget(target), m),
    request,
    own: (name) => ({ Address: gw.address, Id: `${c.session}/${name}` }),
    marker: async () => { await request('echo', 'marker'); },
    closed: c.closed.then(() => undefined),
    close: () => c.close(),
  };
}

async function openGrpc(gw: GatewayAddresses, token: string | undefined): Promise<Driver> {
  const s = new RawRemotingStream(gw.address, token);
  s.handshake();
  let rid = 1;
  const targetOf = (target: Target | string): WireEnvelope['target'] => {
    const t = asTarget(target);
    // gRPC targets are gateway ids; another node's actor goes through $relay/.
    const id = t.address && t.address !== gw.address ? `$relay/${t.address}/${t.id}` : t.id;
    return { address: gw.address, id, requestId: 0 };
  };
  const request = async (target: Target | string, m: string | Typed, timeoutMs = 3000): Promise<Outcome> => {
    const requestId = rid++;
    s.send([{ target: targetOf(target), sender: s.own('inbox', requestId), ...encodePayload(m) }]);
    let r: WireEnvelope;
    try {
      r = await s.reply((e) => e.target.requestId === requestId, timeoutMs);
    } catch {
      return { error: 'DEADLINE_EXCEEDED' };
    }
    const d = decodePayload(r.typeName, r.serializerId, r.payload);
    if (d.error) return refusal(d.error.code, d.error.reason);
    return { ok: d.value };
  };
  return {
    transport: 'grpc',
    send: (target, m) => s.send([{ target: targetOf(target), ...encodePayload(m) }]),
    request,
    own: (name) => ({ Address: gw.address, Id: s.own(name).id }),
    marker: async () => { await request('echo', 'marker'); },
    closed: s.status.then(() => undefined),
    close: () => s.close(),
  };
}
