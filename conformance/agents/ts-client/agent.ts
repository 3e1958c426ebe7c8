/**
 * The ts-client agent: the TypeScript client (`rosetta/client`) in Node over WebSocket, with the
 * platform's WebSocket (Node ≥ 22) or the `ws` package (Node 20) — what the client itself picks.
 * Run: node dist/conformance/agents/ts-client/agent.js
 */
import { RosettaClient } from '../../../adapters/ts/index.js';
import { SyncedDocuments } from '../../../adapters/ts/documents.js';
import { runAgent } from '../common/agent-main.js';
import { CODE_NAMES } from '../../runner/agent-codec.js';
import { ClientAgentCore } from './client-agent-core.js';

type Ctor = new (url: string, protocols: string[]) => { readyState: number; close(code?: number, reason?: string): void };
const globalWs = (globalThis as { WebSocket?: Ctor }).WebSocket;
const WebSocket: Ctor = globalWs ?? ((await import('ws')).WebSocket as unknown as Ctor);

const core = new ClientAgentCore({
  RosettaClient: RosettaClient as never,
  WebSocket,
  codeNames: CODE_NAMES,
  SyncedDocuments: SyncedDocuments as never,
  agentName: 'ts-client',
  detail: `rosetta/client on Node ${process.version} (${globalWs ? 'global WebSocket' : 'ws package'})`,
});
runAgent({ handle: (req) => core.handle(req), close: async () => core.close() });
