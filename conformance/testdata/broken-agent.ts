/**
 * A deliberately broken agent, to show the runner catches what goes wrong: the TypeScript client
 * agent with faults added where a real adapter could have them —
 *
 * - it mangles non-ASCII text (replies it gets and messages its actors report: `?` for each),
 * - it loses headers (sends none, reports none),
 * - it crashes (exit 70) when asked to make a request larger than 512 KiB,
 * - it hangs (never answers) when asked to make a request with a deadline under one second.
 *
 * So with it, Unicode and Headers fail, LargePayload crashes and Errors.Timeout hangs when it sends.
 * Run: node dist/conformance/testdata/broken-agent.js
 */
import { RosettaClient } from '../../adapters/ts/index.js';
import { runAgent } from '../agents/common/agent-main.js';
import { ClientAgentCore } from '../agents/ts-client/client-agent-core.js';
import { CODE_NAMES, type AgentResult, type Ops } from '../runner/agent-codec.js';

const WebSocket = (globalThis as { WebSocket?: unknown }).WebSocket ?? (await import('ws')).WebSocket;
const core = new ClientAgentCore({ RosettaClient: RosettaClient as never, WebSocket: WebSocket as never, codeNames: CODE_NAMES, agentName: 'broken', detail: 'a deliberately broken agent' });
const mangle = (s: string): string => s.replace(/[^\x00-\x7f]/gu, '?');

runAgent({
  async handle(req) {
    if (req.op === 'send') (req.body as Ops['send']).headers = {};
    if (req.op === 'ask') {
      const ask = req.body as Ops['ask'];
      if (ask.text.length > 512 * 1024) process.exit(70);
      if (ask.timeoutMs > 0 && ask.timeoutMs < 1000) return new Promise<AgentResult>(() => {});
    }
    const r = await core.handle(req);
    if ('ok' in r && r.ok.text !== undefined) r.ok.text = mangle(r.ok.text);
    if ('ok' in r && r.ok.received) r.ok.received = r.ok.received.map((m) => ({ ...m, text: mangle(m.text), headers: {} }));
    return r;
  },
  async close() { core.close(); },
});
