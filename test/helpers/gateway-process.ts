/** Promoted to the conformance runner (conformance/runner/gateway-process.ts); the tests use the same one. */
export { GatewayProcess } from '../../conformance/runner/gateway-process.js';
