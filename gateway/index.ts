/**
 * Rosetta's public gateway API (`import … from 'rosetta'`): build a gateway with
 * your own actors, and the runtime types they are written with.
 *
 * @example
 *   import { Gateway, Props } from 'rosetta';
 *   const gw = await Gateway.start({ grpc: { port: 0 }, ws: { port: 0 } }, {
 *     setup: (t) => t.actor('greeter', Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(`hello ${ctx.message}`); })),
 *   });
 *
 * The actor runtime alone is `rosetta/actors`, the client `rosetta/client`, the wire
 * vocabulary and codecs `rosetta/protocol`.
 */
export { Gateway, type GatewayHooks } from './gateway.js';
export { defaultGatewayConfig, resolveConfig, type GatewayConfig, type GatewayOptions } from './config.js';
export { DEFAULT_TENANT, type TenantSetup, type TenantSpace, type QuotaLimits } from './tenancy/index.js';
export { TypedMessage, RawMessage } from './serialization/index.js';
export { consoleLogger, silentLogger, type Logger } from './log/index.js';
export { KeyStore, TokenVerifier, type Principal, type Permissions } from './auth/index.js';
export * from './actors/index.js';
export * from '../protocol/errors.js';
export { TokenExpiredError } from '../protocol/auth-reasons.js';
