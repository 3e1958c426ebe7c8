/**
 * CrdtEntry values as protobufjs objects, as the gateway's type registry
 * decodes them: JSON-like values as `google.protobuf.Value` — protobufjs'
 * bundled struct.proto names its fields in camelCase (`{ stringValue }`,
 * `{ structValue: { fields } }`, …) whatever keepCase says — and bytes as
 * `binary` with `is_binary`. Decoding also accepts snake_case names.
 *
 * @example
 *   entryToProto('n', 5)            // { key: 'n', value: { numberValue: 5 } }
 *   entryFromProto({ key: 'n', value: { numberValue: 5 } }) // ['n', 5]
 */
import { InvalidArgumentError } from '../protocol/index.js';

export type ProtoValue = Record<string, unknown>;
export interface ProtoEntry {
  key: string;
  value?: ProtoValue | null;
  binary?: Uint8Array;
  is_binary?: boolean;
}

const MAX_DEPTH = 64;

export function jsonToValue(v: unknown, depth = 0): ProtoValue {
  if (depth > MAX_DEPTH) throw new InvalidArgumentError('value nested too deeply');
  if (v === null || v === undefined) return { nullValue: 0 };
  switch (typeof v) {
    case 'number': return { numberValue: v };
    case 'string': return { stringValue: v };
    case 'boolean': return { boolValue: v };
    case 'bigint': return { numberValue: Number(v) };
    case 'object': {
      if (Array.isArray(v)) return { listValue: { values: v.map((x) => jsonToValue(x, depth + 1)) } };
      if (v instanceof Uint8Array) return { stringValue: Buffer.from(v).toString('base64') };
      const fields: Record<string, ProtoValue> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) fields[k] = jsonToValue(x, depth + 1);
      return { structValue: { fields } };
    }
    default: throw new InvalidArgumentError(`a ${typeof v} cannot be a CRDT value`);
  }
}

const pick = (o: ProtoValue, snake: string, camel: string): unknown => (snake in o ? o[snake] : o[camel]);

export function valueToJson(v: ProtoValue | null | undefined, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new InvalidArgumentError('value nested too deeply');
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return v; // a JSON peer sent a plain value
  const n = pick(v, 'number_value', 'numberValue');
  if (n !== undefined && n !== null) return Number(n);
  const s = pick(v, 'string_value', 'stringValue');
  if (s !== undefined && s !== null) return String(s);
  const b = pick(v, 'bool_value', 'boolValue');
  if (b !== undefined && b !== null) return Boolean(b);
  const st = pick(v, 'struct_value', 'structValue') as { fields?: Record<string, ProtoValue> } | undefined | null;
  if (st) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(st.fields ?? {})) out[k] = valueToJson(x, depth + 1);
    return out;
  }
  const l = pick(v, 'list_value', 'listValue') as { values?: ProtoValue[] } | undefined | null;
  if (l) return (l.values ?? []).map((x) => valueToJson(x, depth + 1));
  return null; // null_value, or no kind set
}

export function entryToProto(key: string, v: unknown): ProtoEntry {
  if (v instanceof Uint8Array) return { key, binary: v, is_binary: true };
  return { key, value: jsonToValue(v) };
}

export function entryFromProto(e: ProtoEntry & { isBinary?: boolean }): [string, unknown] {
  if (typeof e?.key !== 'string') throw new InvalidArgumentError('a CrdtEntry needs a key');
  // A plain Uint8Array copy: Yjs stores bytes only when the constructor is Uint8Array itself (not Buffer).
  if (e.is_binary || e.isBinary) return [e.key, e.binary instanceof Uint8Array ? new Uint8Array(e.binary) : new Uint8Array(0)];
  return [e.key, valueToJson(e.value)];
}
