/** Promoted to the conformance runner (conformance/runner/go-peer.ts); the tests use the same one. */
export { GoPeer, goPeerBinary, freePort, type GoDialect } from '../../conformance/runner/go-peer.js';
