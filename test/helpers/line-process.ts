/** Promoted to the conformance runner (conformance/runner/line-process.ts); the tests use the same one. */
export { LineProcess, type Event } from '../../conformance/runner/line-process.js';
