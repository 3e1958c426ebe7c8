/**
 * Authentication failures: all UNAUTHENTICATED on the wire, each with a stable
 * `reason` a client can act on (renew an expired token, fix a misconfigured
 * issuer, …). Tokens themselves never appear in messages.
 */
import { UnauthenticatedError } from '../../protocol/errors.js';

export type AuthReason =
  | 'missing' | 'malformed' | 'oversize' | 'alg-not-allowed' | 'unknown-issuer' | 'unknown-key'
  | 'bad-signature' | 'expired' | 'not-yet-valid' | 'issued-in-future' | 'wrong-audience' | 'wrong-issuer'
  | 'missing-claim' | 'tenant-mismatch' | 'revoked' | 'bad-claims';

export class AuthError extends UnauthenticatedError {
  declare readonly reason: AuthReason;
  constructor(reason: AuthReason, message: string, options?: ErrorOptions) {
    super(`${reason}: ${message}`, { ...options, reason });
  }
}

/** The token's `exp` has passed (beyond the clock tolerance): get a new one. */
export class TokenExpiredError extends AuthError {
  constructor(message = 'token expired', options?: ErrorOptions) {
    super('expired', message, options);
  }
}
