/**
 * The agent protocol's codec (conformance/conformance.proto): Request and Response as plain
 * objects, encoded with protobufjs from the .proto itself, and the framing — a 4-byte
 * little-endian length before each message. Used by the runner and by the TypeScript agents.
 *
 * @example
 *   const bytes = frame(encodeRequest({ id: 1, caseName: 'x', deadlineMs: 5000, op: { host: { session: '', name: 'a', behaviour: Behaviour.ECHO } } }));
 *   const reader = new FrameReader((body) => console.log(decodeResponse(body)));
 *   reader.push(chunk);
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

export const PROTO_PATH = fileURLToPath(new URL('../../../conformance/conformance.proto', import.meta.url));

export enum Behaviour { ECHO = 0, SILENT = 1, ABSENT = 2, SPAWNABLE = 3, VIRTUAL = 4 }
export enum AgentKind { IN_PROCESS = 0, CLIENT = 1, NODE = 2 }
export enum TerminatedReason { REASON_UNKNOWN = 0, STOPPED = 1, ADDRESS_TERMINATED = 2, NOT_FOUND = 3 }

export interface Pid { address: string; id: string }
export interface Received { text: string; headers: Record<string, string>; sender: Pid | null }
export interface Termination { who: Pid | null; why: TerminatedReason }

export interface Ops {
  init: { gatewayGrpc: string; gatewayWs: string; token: string; tenant: string; listenPorts: number[]; listenHost: string };
  open: { session: string; token: string };
  close: { session: string };
  drop: { session: string };
  host: { session: string; name: string; behaviour: Behaviour };
  stop: { session: string; name: string };
  send: { session: string; target: Pid; text: string; headers: Record<string, string>; count: number };
  ask: { session: string; target: Pid; text: string; headers: Record<string, string>; timeoutMs: number; count: number; concurrent: boolean };
  watch: { session: string; target: Pid; name: string };
  observe: { session: string; name: string; minReceived: number; untilTerminated: boolean; waitMs: number };
  spawn: { session: string; address: string; kind: string; name: string; timeoutMs: number };
  crdtWrite: { session: string; document: string; name: string; key: string; value: string };
  crdtRead: { session: string; document: string; name: string; minEntries: number; waitMs: number };
  shutdown: Record<string, never>;
}
export type OpName = keyof Ops;
/** One operation: exactly one key of Ops. */
export type Op = { [K in OpName]: { [P in K]: Partial<Ops[K]> } }[OpName];

export interface AgentRequest { id: number; caseName: string; deadlineMs: number; op: Op }
/** A decoded request as an agent sees it: every field present (proto3 defaults). */
export interface DecodedRequest { id: number; caseName: string; deadlineMs: number; op: OpName; body: Ops[OpName] }

export interface OkData {
  pid: Pid | null;
  text: string;
  received: Received[];
  terminated: Termination[];
  activations: number;
  latenciesUs: number[];
  outcomes: Record<string, number>;
  entries: Record<string, string>;
  agent: string;
  kind: AgentKind;
  kindName: string;
  detail: string;
  dialect: string;
}
export interface ErrorData { code: number; reason: string; message: string }

/** What an agent answered. */
export type AgentResult =
  | { ok: Partial<OkData> }
  | { error: Partial<ErrorData> }
  | { timeout: { message?: string; partial?: Partial<OkData> } }
  | { runtimeError: { message: string } }
  | { skipped: { reason: string } };

/** A decoded response: `result` names the kind, and its data has every field (defaults filled in). */
export type DecodedResponse =
  | { id: number; result: 'ok'; ok: OkData }
  | { id: number; result: 'error'; error: ErrorData }
  | { id: number; result: 'timeout'; timeout: { message: string; partial: OkData | null } }
  | { id: number; result: 'runtimeError'; runtimeError: { message: string } }
  | { id: number; result: 'skipped'; skipped: { reason: string } };

const root = protobuf.parse(readFileSync(PROTO_PATH, 'utf8'), { keepCase: false }).root;
const RequestType = root.lookupType('rosetta.conformance.v1.Request');
const ResponseType = root.lookupType('rosetta.conformance.v1.Response');
const TO_OBJECT = { longs: Number, enums: Number, defaults: true, oneofs: true } as const;

export function encodeRequest(r: AgentRequest): Uint8Array {
  return RequestType.encode(RequestType.fromObject({ id: r.id, caseName: r.caseName, deadlineMs: r.deadlineMs, ...r.op })).finish();
}

export function decodeRequest(bytes: Uint8Array): DecodedRequest {
  const o = RequestType.toObject(RequestType.decode(bytes), TO_OBJECT) as Record<string, unknown>;
  const op = o['op'] as OpName | undefined;
  if (op === undefined) throw new Error('request without an operation');
  return { id: o['id'] as number, caseName: o['caseName'] as string, deadlineMs: o['deadlineMs'] as number, op, body: o[op] as Ops[OpName] };
}

export function encodeResponse(id: number, result: AgentResult): Uint8Array {
  return ResponseType.encode(ResponseType.fromObject({ id, ...result })).finish();
}

export function decodeResponse(bytes: Uint8Array): DecodedResponse {
  return ResponseType.toObject(ResponseType.decode(bytes), TO_OBJECT) as unknown as DecodedResponse;
}

/** `body` with its 4-byte little-endian length in front. */
export function frame(body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(4 + body.length);
  out.writeUInt32LE(body.length, 0);
  out.set(body, 4);
  return out;
}

/** Splits a byte stream into frame bodies. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (body: Buffer) => void, private readonly maxBytes = 64 << 20) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 4) {
      const n = this.buf.readUInt32LE(0);
      if (n > this.maxBytes) throw new RangeError(`frame of ${n} bytes exceeds ${this.maxBytes}`);
      if (this.buf.length < 4 + n) return;
      const body = this.buf.subarray(4, 4 + n);
      this.buf = this.buf.subarray(4 + n);
      this.onFrame(body);
    }
  }
}

/** gRPC canonical code names, by number (outcome keys of Ask with count > 1). */
export const CODE_NAMES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
] as const;

export const Code = Object.fromEntries(CODE_NAMES.map((n, i) => [n, i])) as Record<(typeof CODE_NAMES)[number], number>;
