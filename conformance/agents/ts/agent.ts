/**
 * The ts agent: TypeScript actors hosted in the gateway under test itself (the runner starts it
 * with `--actors dist/conformance/agents/ts/in-gateway.js`). This process only relays: each
 * session is a client connection in a tenant (its token's), and each step goes as JSON to that
 * tenant's `conformance-ts-control` actor, where in-process actors do the work with the runtime's
 * own API (spawnNamed, send, requestFuture, watch). So what is measured is TypeScript actors in
 * the gateway, not this relay; the relay's connection is not theirs (in-process actors have none).
 * Run: node dist/conformance/agents/ts/agent.js
 */
import { RosettaClient, type Typed } from '../../../adapters/ts/index.js';
import { runAgent, stepBudgetMs } from '../common/agent-main.js';
import { CODE_NAMES, type AgentResult, type Ops } from '../../runner/agent-codec.js';
import { CONTROL_ACTOR, RESULT_TYPE, STEP_TYPE } from './in-gateway.js';

const sessions = new Map<string, RosettaClient>();
let url = '';

async function open(session: string, token: string): Promise<AgentResult | undefined> {
  try {
    sessions.get(session)?.close();
    sessions.set(session, await RosettaClient.connect({ url, token, reconnect: { initialMs: 50, maxMs: 1000 } }));
    return undefined;
  } catch (err) {
    const e = err as { code?: string; reason?: string; message?: string };
    if (typeof e.code !== 'string') throw err;
    return { error: { code: Math.max(0, CODE_NAMES.indexOf(e.code as never)), reason: e.reason ?? '', message: e.message ?? '' } };
  }
}

runAgent({
  async handle(req) {
    const body = req.body as unknown as Record<string, unknown>;
    switch (req.op) {
      case 'init': {
        const o = body as unknown as Ops['init'];
        url = o.gatewayWs;
        return (await open('', o.token)) ?? { ok: { agent: 'ts', kind: 0, detail: `TypeScript actors in the gateway (Node ${process.version})` } };
      }
      case 'open': { const o = body as unknown as Ops['open']; return (await open(o.session, o.token)) ?? { ok: {} }; }
      case 'close': {
        const s = (body as unknown as Ops['close']).session;
        sessions.get(s)?.close();
        sessions.delete(s);
        return { ok: {} };
      }
      default: {
        const client = sessions.get(String(body['session'] ?? ''));
        if (!client) return { runtimeError: { message: `no session '${String(body['session'])}'` } };
        const budget = stepBudgetMs(req, req.deadlineMs);
        const step: Typed = { typeName: STEP_TYPE, value: { op: req.op, body, deadlineMs: budget }, serializerId: 1 };
        const reply = await client.request<Typed<AgentResult>>({ id: CONTROL_ACTOR }, step, { timeoutMs: budget + 250 });
        if (reply.typeName !== RESULT_TYPE) return { runtimeError: { message: `unexpected reply ${reply.typeName}` } };
        return reply.value;
      }
    }
  },
  async close() { for (const c of sessions.values()) c.close(); },
});
