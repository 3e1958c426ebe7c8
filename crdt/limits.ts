/**
 * CRDT service configuration: every bound and timing in one object with its
 * defaults in one place (Hocuspocus' where it has one). Callers pass a partial;
 * `crdtLimits()` fills the rest.
 *
 * @example
 *   const limits = crdtLimits({ maxUpdateBytes: 256 * 1024 });
 */
export interface CrdtLimits {
  /** Largest single update (or step 2) accepted, in bytes. */
  maxUpdateBytes: number;
  /** Largest document, counted as snapshot bytes + bytes appended since (an upper bound of its encoded state). */
  maxDocumentBytes: number;
  /** Longest document name, in UTF-8 bytes. */
  maxNameBytes: number;
  /** A document with no session, binding or pending write is unloaded after this many ms. */
  idleUnloadMs: number;
  /** `onChange` fires this long after the last change… */
  changeDebounceMs: number;
  /** …but at least this often while changes keep coming (Hocuspocus: 2 s / 10 s). */
  changeMaxDebounceMs: number;
  /** Compact the log into a snapshot once this many updates were appended since the last one… */
  compactAfterUpdates: number;
  /** …or this many bytes. */
  compactAfterBytes: number;
  /** Frames held for a document that is still loading or authorizing, per document and connection. */
  maxQueuedFrames: number;
  /** Bytes held the same way (Hocuspocus bounds its pre-auth queue at 1000 messages / 5 MiB). */
  maxQueuedBytes: number;
  /** Documents one multiplexed connection may have open at once. */
  maxDocumentsPerConnection: number;
}

export const defaultCrdtLimits: Readonly<CrdtLimits> = Object.freeze({
  maxUpdateBytes: 1024 * 1024,
  maxDocumentBytes: 64 * 1024 * 1024,
  maxNameBytes: 512,
  idleUnloadMs: 30_000,
  changeDebounceMs: 2_000,
  changeMaxDebounceMs: 10_000,
  compactAfterUpdates: 1_000,
  compactAfterBytes: 4 * 1024 * 1024,
  maxQueuedFrames: 1_000,
  maxQueuedBytes: 5 * 1024 * 1024,
  maxDocumentsPerConnection: 1_000,
});

export function crdtLimits(overrides: Partial<CrdtLimits> = {}): CrdtLimits {
  const out = { ...defaultCrdtLimits, ...overrides };
  for (const [k, v] of Object.entries(out)) {
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) throw new RangeError(`crdt limit ${k} must be a non-negative number, got ${v}`);
  }
  return out;
}
