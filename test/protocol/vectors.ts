/** Loads the golden vectors in protocol/vectors and converts their JSON form to the codec model. */
import { readFileSync } from 'node:fs';
import type { WireEnvelope } from '../../protocol/index.js';

export interface Vector {
  name: string;
  source: string;
  canonical?: boolean;
  hex: string;
  decoded?: unknown;
  error?: { code: string; reason: string };
}
export interface VectorFile {
  codec: string;
  dialect?: 'v2024' | 'v2025';
  localAddress?: string;
  vectors: Vector[];
}

const root = new URL('../../../protocol/vectors/', import.meta.url);

export function loadVectors(file: string): VectorFile {
  return JSON.parse(readFileSync(new URL(file, root), 'utf8')) as VectorFile;
}

export const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

interface JsonEnvelope {
  target: WireEnvelope['target'];
  sender: WireEnvelope['target'] | null;
  typeName: string;
  serializerId: number;
  payloadHex: string;
  headers: Record<string, string> | null;
}

export function envelopeFromJson(e: JsonEnvelope): WireEnvelope {
  return {
    target: e.target,
    sender: e.sender ?? undefined,
    typeName: e.typeName,
    serializerId: e.serializerId,
    payload: fromHex(e.payloadHex),
    headers: e.headers ?? undefined,
  };
}

/** Codec output → the vectors' JSON form, for deepEqual. */
export function envelopeToJson(e: WireEnvelope): JsonEnvelope {
  return {
    target: { ...e.target },
    sender: e.sender ? { ...e.sender } : null,
    typeName: e.typeName,
    serializerId: e.serializerId,
    payloadHex: toHex(e.payload),
    headers: e.headers ? { ...e.headers } : null,
  };
}
