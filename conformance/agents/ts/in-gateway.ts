/**
 * The ts agent's actors, hosted in the gateway under test: an actors module
 * (`rosetta start --actors dist/conformance/agents/ts/in-gateway.js`) written against the public
 * `rosetta` API only (`setup(tenant)`, Props, the root context). In every tenant it hosts a
 * control actor, `conformance-ts-control`, through which the ts agent process (agent.ts) asks
 * TypeScript actors in that tenant to host, send, ask, watch and report; a virtual kind
 * `conformance-virtual` and a remote-spawnable kind `conformance-echo`.
 *
 * Steps arrive as JSON (`rosetta.conformance.v1.TsStep {op, body, deadlineMs}`) and are answered
 * with the agent protocol's result object as JSON (`rosetta.conformance.v1.TsResult`).
 */
import {
  PID, Props, RosettaError, Started, Terminated, TypedMessage, type Context, type TenantSetup,
} from '../../../gateway/index.js';
import { ReplicatedState } from '../../../crdt/index.js';
import type { AgentResult, Ops } from '../../runner/agent-codec.js';
import { Recording } from '../common/recording.js';

export const CONTROL_ACTOR = 'conformance-ts-control';
export const STEP_TYPE = 'rosetta.conformance.v1.TsStep';
export const RESULT_TYPE = 'rosetta.conformance.v1.TsResult';
export const VIRTUAL_KIND = 'conformance-virtual';
export const SPAWNABLE_KIND = 'conformance-echo';

/** A RosettaError as the typed error answer; anything else is rethrown (the step's RuntimeError). */
function typed(err: unknown): AgentResult {
  if (err instanceof RosettaError) return { error: { code: err.status, reason: err.reason ?? '', message: err.message } };
  throw err;
}

class TenantAgent {
  readonly recordings = new Map<string, Recording>();

  constructor(private readonly t: TenantSetup) {}

  recording(name: string): Recording {
    let r = this.recordings.get(name);
    if (!r) { r = new Recording(); this.recordings.set(name, r); }
    return r;
  }

  /** An actor that records what it gets and, when `echo`, answers requests with the same text. */
  recorder(key: (ctx: Context) => string, echo: boolean): Props {
    return Props.fromFunc((ctx) => {
      const m = ctx.message;
      if (m instanceof Started) { this.recording(key(ctx)).activations++; return; }
      if (typeof m !== 'string') return;
      const rec = this.recording(key(ctx));
      const s = ctx.sender;
      rec.received.push({ text: m, headers: { ...ctx.headers }, sender: s ? { address: s.address, id: s.id } : null });
      if (echo && s) ctx.respond(m);
      rec.changed();
    });
  }

  private pid(p: { address: string; id: string }): PID {
    return new PID(p.address === '' ? this.t.system.address : p.address, p.id);
  }

  async step(op: string, body: Record<string, unknown>, deadlineMs: number): Promise<AgentResult> {
    const root = this.t.system.root;
    const here = this.t.system.address;
    switch (op) {
      case 'host': {
        const o = body as unknown as Ops['host'];
        switch (o.behaviour) {
          case 0: case 1: root.spawnNamed(this.recorder(() => o.name, o.behaviour === 0), o.name); return { ok: { pid: { address: here, id: o.name } } };
          case 2: return { ok: { pid: { address: here, id: o.name } } };
          case 3: return { ok: { pid: { address: here, id: '' }, kindName: SPAWNABLE_KIND } };
          case 4: this.recording(o.name); return { ok: { pid: { address: here, id: `${VIRTUAL_KIND}/${o.name}` } } };
          default: return { skipped: { reason: `behaviour ${o.behaviour}` } };
        }
      }
      case 'stop': root.stop(new PID(here, (body as unknown as Ops['stop']).name)); return { ok: {} };
      case 'send': {
        const o = body as unknown as Ops['send'];
        const target = this.pid(o.target);
        const headers = Object.keys(o.headers).length > 0 ? o.headers : undefined;
        if (o.count <= 1) root.send(target, o.text, headers);
        else for (let i = 0; i < o.count; i++) root.send(target, o.text + i, headers);
        return { ok: {} };
      }
      case 'ask': return this.ask(body as unknown as Ops['ask']);
      case 'watch': {
        const o = body as unknown as Ops['watch'];
        const rec = this.recording(o.name);
        const target = this.pid(o.target);
        root.spawn(Props.fromFunc((ctx) => {
          if (ctx.message instanceof Started) ctx.watch(target);
          else if (ctx.message instanceof Terminated) {
            const t = ctx.message;
            rec.terminated.push({ who: { address: t.who.address, id: t.who.id }, why: t.why + 1 });
            rec.changed();
            ctx.stop(ctx.self);
          }
        }));
        return { ok: {} };
      }
      case 'observe': {
        const o = body as unknown as Ops['observe'];
        return this.recording(o.name).observe(o, Math.min(o.waitMs, Math.max(0, deadlineMs - 500)));
      }
      case 'crdtWrite': return this.crdtWrite(body as unknown as Ops['crdtWrite']);
      case 'crdtRead': return this.crdtRead(body as unknown as Ops['crdtRead'], deadlineMs);
      case 'spawn': return { skipped: { reason: 'TypeScript actors have no remote spawn API' } };
      case 'drop': return { skipped: { reason: 'in-process actors have no connection to drop' } };
      default: return { skipped: { reason: `the in-gateway agent does not do ${op}` } };
    }
  }

  /** A write through the actor state API (`rosetta/crdt` ReplicatedState): resolves once durable. */
  private async crdtWrite(o: Ops['crdtWrite']): Promise<AgentResult> {
    if (!this.t.documents) return { skipped: { reason: 'the gateway runs without documents' } };
    try {
      const state = await ReplicatedState.open(this.t.documents, o.document);
      try { await state.transact(() => state.map(o.name).set(o.key, o.value)); } finally { state.close(); }
      return { ok: {} };
    } catch (err) {
      return typed(err);
    }
  }

  private async crdtRead(o: Ops['crdtRead'], deadlineMs: number): Promise<AgentResult> {
    if (!this.t.documents) return { skipped: { reason: 'the gateway runs without documents' } };
    const rec = new Recording();
    let state: ReplicatedState;
    try {
      state = await ReplicatedState.open(this.t.documents, o.document, { onChange: () => rec.changed() });
    } catch (err) {
      return typed(err);
    }
    try {
      const entries = (): Record<string, string> => Object.fromEntries(Object.entries(state.map(o.name).toJSON()).map(([k, v]) => [k, String(v)]));
      const done = await rec.until(() => Object.keys(entries()).length >= o.minEntries, Math.min(o.waitMs || deadlineMs, Math.max(0, deadlineMs - 500)));
      return done ? { ok: { entries: entries() } } : { timeout: { message: `the map holds ${Object.keys(entries()).length} entries`, partial: { entries: entries() } } };
    } finally {
      state.close();
    }
  }

  private async ask(o: Ops['ask']): Promise<AgentResult> {
    const root = this.t.system.root;
    const target = this.pid(o.target);
    const headers = Object.keys(o.headers).length > 0 ? o.headers : undefined;
    const timeout = o.timeoutMs || 5000;
    if (o.count <= 1) {
      const t0 = performance.now();
      try {
        const reply = await root.requestFuture(target, o.text, timeout, headers);
        return { ok: { text: typeof reply === 'string' ? reply : JSON.stringify(reply), latenciesUs: [Math.round((performance.now() - t0) * 1000)] } };
      } catch (err) {
        return typed(err);
      }
    }
    const outcomes: Record<string, number> = {};
    const latenciesUs: number[] = [];
    const one = async (i: number): Promise<void> => {
      const t0 = performance.now();
      try {
        await root.requestFuture(target, o.text + i, timeout, headers);
        latenciesUs.push(Math.round((performance.now() - t0) * 1000));
        outcomes['OK'] = (outcomes['OK'] ?? 0) + 1;
      } catch (err) {
        const code = err instanceof RosettaError ? err.code : 'UNKNOWN';
        outcomes[code] = (outcomes[code] ?? 0) + 1;
      }
    };
    if (o.concurrent) await Promise.all(Array.from({ length: o.count }, (_, i) => one(i)));
    else for (let i = 0; i < o.count; i++) await one(i);
    return { ok: { outcomes, latenciesUs } };
  }
}

export function setup(t: TenantSetup): void {
  const agent = new TenantAgent(t);
  t.actor(CONTROL_ACTOR, Props.fromFunc((ctx) => {
    const m = ctx.message;
    if (!(m instanceof TypedMessage) || m.typeName !== STEP_TYPE) return;
    const sender = ctx.sender;
    if (!sender) return;
    const { op, body, deadlineMs } = m.value as { op: string; body: Record<string, unknown>; deadlineMs: number };
    agent.step(op, body, deadlineMs).then(
      (result) => ctx.system.root.send(sender, new TypedMessage(RESULT_TYPE, result, 1)),
      (err: unknown) => ctx.system.root.send(sender, new TypedMessage(RESULT_TYPE, { runtimeError: { message: String(err) } }, 1)),
    );
  }));
  t.kind(VIRTUAL_KIND, agent.recorder((ctx) => ctx.self.id.slice(VIRTUAL_KIND.length + 1), true), { idleTimeoutMs: 120_000 });
  t.spawnable(SPAWNABLE_KIND, agent.recorder((ctx) => ctx.self.id, true));
}
