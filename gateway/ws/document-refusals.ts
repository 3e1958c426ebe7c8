/** One place that counts and logs (rate-limited) a refused document message, for both document endpoints. */
import { UnimplementedError, type RosettaError } from '../../protocol/index.js';
import type { GateHost } from '../edge/connection-gate.js';

export function documentRefused(host: GateHost, tenant: string, document: string, err: RosettaError): void {
  host.metrics.counter('rosetta_crdt_refused_total', 'Document messages and connections refused, by reason', { tenant, transport: host.transport, reason: err.reason ?? err.code }).add();
  host.log.warn('document message refused', { tenant, document, code: err.code, reason: err.reason }, `crdt-refused:${tenant}:${err.reason}`);
}

/** What either document endpoint answers when the gateway runs without replicated documents. */
export function documentsDisabled(): RosettaError {
  return new UnimplementedError('this gateway runs without replicated documents', { reason: 'documents-disabled' });
}
