/**
 * Authentication failures: all UNAUTHENTICATED on the wire, each with a stable
 * `reason` a client can act on (renew an expired token, fix a misconfigured
 * issuer, …). Tokens themselves never appear in messages.
 */
import { UnauthenticatedError, type AuthReason } from '../../protocol/index.js';

export type { AuthReason };
export { TokenExpiredError } from '../../protocol/index.js';

export class AuthError extends UnauthenticatedError {
  declare readonly reason: AuthReason;
  constructor(reason: AuthReason, message: string, options?: ErrorOptions) {
    super(`${reason}: ${message}`, { ...options, reason });
  }
}
