/** What WebSocket sessions need of their tenant: the edge's view of it, its names, its live sessions and its documents. */
import type { DocumentRegistry } from '../../crdt/index.js';
import type { EdgeSpace } from '../edge/inbound-pipeline.js';
import type { SessionDirectory } from '../edge/session-directory.js';
import type { NameRegistry } from '../registry/index.js';

export interface WsSpace extends EdgeSpace {
  names: NameRegistry | undefined;
  sessions: SessionDirectory;
  /** The tenant's replicated documents (undefined when the gateway runs without them). */
  documents: DocumentRegistry | undefined;
}
