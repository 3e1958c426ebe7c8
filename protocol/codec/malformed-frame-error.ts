/**
 * The one error every decoder and encoder in protocol/ throws for bad input: an
 * INVALID_ARGUMENT with a stable machine-readable `reason`, shared with the Go and
 * JVM codecs through the golden vectors (protocol/vectors).
 */
import { InvalidArgumentError } from '../errors.js';

export type MalformedReason =
  | 'truncated'
  | 'bad-varint'
  | 'bad-wire-type'
  | 'index-out-of-range'
  | 'unknown-serializer'
  | 'oversize-field'
  | 'oversize-frame'
  | 'too-many-envelopes'
  | 'invalid-utf8'
  | 'wrong-dialect'
  | 'missing-field'
  | 'bad-frame-type'
  | 'bad-value';

export class MalformedFrameError extends InvalidArgumentError {
  declare readonly reason: MalformedReason;
  constructor(reason: MalformedReason, message: string, options?: ErrorOptions) {
    super(`${reason}: ${message}`, { ...options, reason });
  }
}
