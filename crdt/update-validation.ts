/**
 * Checks a Yjs v1 update before it touches a live document: its size against
 * `maxUpdateBytes`, and that it parses completely (structs, contents, delete
 * set). Yjs integrates structs before it reads the delete set, so applying
 * truncated bytes could leave half an update in the document; parsing first
 * refuses them with the document untouched.
 *
 * @example
 *   validateUpdate(bytes, limits.maxUpdateBytes); // throws UpdateTooLargeError / MalformedUpdateError
 */
import * as Y from 'yjs';
import { MalformedUpdateError, UpdateTooLargeError } from './errors.js';

/** The empty v1 update (no structs, empty delete set): what a peer with nothing new sends as step 2. */
export const EMPTY_UPDATE = Uint8Array.of(0, 0);

export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

export function validateUpdate(update: Uint8Array, maxUpdateBytes: number): void {
  if (update.length > maxUpdateBytes) {
    throw new UpdateTooLargeError(`update of ${update.length} bytes exceeds the limit of ${maxUpdateBytes}`);
  }
  if (isEmptyUpdate(update)) return;
  try {
    Y.decodeUpdate(update);
  } catch (err) {
    throw new MalformedUpdateError('not a Yjs v1 update', { cause: err });
  }
}

/** A state vector a peer sent in sync step 1; throws MalformedUpdateError when it does not parse. */
export function readStateVector(bytes: Uint8Array): Map<number, number> {
  try {
    return Y.decodeStateVector(bytes);
  } catch (err) {
    throw new MalformedUpdateError('not a Yjs state vector', { cause: err });
  }
}
