/**
 * Why a token was refused: the stable `reason` of every UNAUTHENTICATED answer
 * (gRPC status details start with it, WebSocket error frames carry it), shared by
 * the gateway's verifier and every client — never matched by message text.
 *
 * @example
 *   if (err instanceof TokenExpiredError) renewToken();         // reason 'expired', close 4403
 *   if (err.code === 'UNAUTHENTICATED' && err.reason === 'revoked') logOut();
 */
import { UnauthenticatedError, type RosettaErrorOptions } from './errors.js';

export const AUTH_REASONS = [
  'missing', 'malformed', 'oversize', 'alg-not-allowed', 'unknown-issuer', 'unknown-key',
  'bad-signature', 'expired', 'not-yet-valid', 'issued-in-future', 'wrong-audience', 'wrong-issuer',
  'missing-claim', 'tenant-mismatch', 'revoked', 'bad-claims', 'unsupported-header', 'lifetime-too-long',
] as const;
export type AuthReason = (typeof AUTH_REASONS)[number];

/** The token's `exp` has passed (beyond the clock tolerance): connect again with a fresh one. */
export class TokenExpiredError extends UnauthenticatedError {
  constructor(message = 'token expired', options?: RosettaErrorOptions) {
    super(message.startsWith('expired:') ? message : `expired: ${message}`, { ...options, reason: 'expired' });
  }
}
