/** What WebSocket sessions need of their tenant: the edge's view of it, its names, and its live sessions. */
import type { EdgeSpace } from '../edge/inbound-pipeline.js';
import type { SessionDirectory } from '../edge/session-directory.js';
import type { NameRegistry } from '../registry/index.js';

export interface WsSpace extends EdgeSpace {
  names: NameRegistry | undefined;
  sessions: SessionDirectory;
}
