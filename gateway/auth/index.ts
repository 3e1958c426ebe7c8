/** Tokens and permissions: JWT verification (jose), the embedded issuer, NATS-style permissions. */
export { TokenVerifier, DEFAULT_ALGORITHMS, type TenantConfig, type VerifierOptions, type Principal } from './token-verifier.js';
export { AuthError, TokenExpiredError, type AuthReason } from './auth-errors.js';
export { KeyStore, parseTtl, DEV_ISSUER, DEFAULT_AUDIENCE, type IssueOptions } from './key-store.js';
export { RevocationList, type RevocationData } from './revocation-list.js';
export { RevocationStore } from './revocation-store.js';
export { readTrustFile } from './trust-config.js';
export { permits, parsePermissions, ACTIONS, type Action, type Permissions, type Rule } from './permissions.js';
export { matchesPattern, isValidPattern, matchesAddressPattern, isValidAddressPattern } from './subject-pattern.js';
