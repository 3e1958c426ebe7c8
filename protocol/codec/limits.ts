/** Decoder limits: anything larger is refused with a typed error before it is allocated. */
export interface CodecLimits {
  /** Whole frame; below gRPC's 4 MiB default message size. */
  maxFrameBytes: number;
  maxEnvelopes: number;
  /** Type names, ids, addresses, header keys and values. */
  maxStringBytes: number;
  maxHeaderEntries: number;
  /** Table sizes (type names, targets, senders). */
  maxTableEntries: number;
}

export const defaultLimits: Readonly<CodecLimits> = Object.freeze({
  maxFrameBytes: 4 * 1024 * 1024,
  maxEnvelopes: 10_000,
  maxStringBytes: 4096,
  maxHeaderEntries: 64,
  maxTableEntries: 10_000,
});

const resolved = new WeakMap<Partial<CodecLimits>, CodecLimits>();

/** The defaults overridden by `partial`; merged once per `partial` object (codecs call this per frame). */
export function resolveLimits(partial: Partial<CodecLimits> | undefined): Readonly<CodecLimits> {
  if (partial === undefined) return defaultLimits;
  let l = resolved.get(partial);
  if (l === undefined) { l = { ...defaultLimits, ...partial }; resolved.set(partial, l); }
  return l;
}
