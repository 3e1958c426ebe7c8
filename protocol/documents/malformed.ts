/**
 * The two decoding refusals of the document wire (crdt/PROTOCOL.md): a mux frame
 * or a y-protocols message that does not parse. INVALID_ARGUMENT with the stable
 * reasons `malformed-frame` / `malformed-message`, the same strings the mux ERROR
 * frames and rosetta.v1.Error carry.
 */
import { InvalidArgumentError } from '../errors.js';

/** A multiplexing frame that cannot be parsed. */
export class MalformedMuxFrameError extends InvalidArgumentError {
  override readonly reason = 'malformed-frame' as const;
}

/** A y-protocols message that cannot be parsed or has an unknown type. */
export class MalformedSyncMessageError extends InvalidArgumentError {
  override readonly reason = 'malformed-message' as const;
}
