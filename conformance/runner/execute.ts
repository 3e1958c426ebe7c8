/**
 * Runs cases over ordered agent pairs, one run at a time, and turns each into a result row:
 * pass, fail, skip, or crash / hang charged to the agent that had it. A run has a deadline of its
 * own as a last resort (every step already has one).
 */
import { AgentKind, type Pid } from './agent-codec.js';
import type { Agent } from './agent.js';
import { AgentLost, Failure, levelOf, Role, Skip, type CaseContext, type CaseDef, type Level, type Participant } from './case.js';
import type { Tokens } from './gateway-under-test.js';

export type Outcome = 'pass' | 'fail' | 'skip' | 'crash' | 'hang';

export interface ResultRow {
  /** `<case>[<sender>-><receiver>]`: what failure lists match. */
  id: string;
  case: string;
  level: Level;
  sender: string;
  receiver: string;
  outcome: Outcome;
  /** Why it did not pass (empty on a pass). */
  message: string;
  /** For crash and hang: the agent it happened to. */
  blame: string;
  durationMs: number;
  /** Latency samples the case measured (µs). */
  samplesUs: number[];
  /** Set by the failure lists: this failure is listed (so it does not fail the run). */
  expected?: boolean;
}

export function runId(caseName: string, sender: string, receiver: string): string {
  return `${caseName}[${sender}->${receiver}]`;
}

export interface ExecuteOptions {
  cases: CaseDef[];
  agents: Agent[];
  /** Which ordered pairs to run (default: all). */
  pairFilter?: (sender: string, receiver: string) => boolean;
  /** Which run ids to run (a `--case` pattern naming pairs). */
  runFilter?: (id: string) => boolean;
  tokens: Tokens;
  gateway: { grpc: string; ws: string };
  onResult?: (row: ResultRow, index: number, total: number) => void;
  /** Last-resort deadline of one run. */
  runDeadlineMs?: number;
  /** An upper bound of every step's deadline. */
  maxStepDeadlineMs?: number;
}

export async function execute(o: ExecuteOptions): Promise<ResultRow[]> {
  const plan: { c: CaseDef; s: Agent; r: Agent }[] = [];
  for (const c of o.cases) {
    for (const s of o.agents) {
      for (const r of o.agents) {
        if (o.pairFilter && !o.pairFilter(s.name, r.name)) continue;
        if (o.runFilter && !o.runFilter(runId(c.name, s.name, r.name))) continue;
        plan.push({ c, s, r });
      }
    }
  }
  const rows: ResultRow[] = [];
  let seq = 0;
  for (const [i, p] of plan.entries()) {
    const row = await runOne(p.c, p.s, p.r, o, () => ++seq);
    rows.push(row);
    o.onResult?.(row, i + 1, plan.length);
  }
  return rows;
}

async function runOne(c: CaseDef, s: Agent, r: Agent, o: ExecuteOptions, next: () => number): Promise<ResultRow> {
  const id = runId(c.name, s.name, r.name);
  const row: ResultRow = { id, case: c.name, level: levelOf(c), sender: s.name, receiver: r.name, outcome: 'pass', message: '', blame: '', durationMs: 0, samplesUs: [] };
  const t0 = performance.now();
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    for (const a of s === r ? [s] : [s, r]) {
      const failed = await a.ready(c.name);
      if (failed) throw new AgentLost(a.name, failed.result === 'hang' ? 'hang' : 'crash', `${a.name} did not start: ${JSON.stringify(failed)}`);
    }
    const sp: Participant = { name: s.name, ...s.info! };
    const rp: Participant = { name: r.name, ...r.info! };
    const notApplicable = c.applies?.(sp, rp);
    if (notApplicable) throw new Skip(notApplicable);
    const receiverSession = s === r && rp.kind === AgentKind.NODE ? await selfPeer(r, c.name, o) : '';
    const ctx: CaseContext = {
      caseName: id,
      sender: new Role(s, id, 'sender', o.maxStepDeadlineMs),
      receiver: new Role(r, id, 'receiver', o.maxStepDeadlineMs, receiverSession),
      tokens: o.tokens,
      gateway: o.gateway,
      name: (role) => `k${String(next()).padStart(5, '0')}-${role}`,
      target: (pid) => targetFor(sp, rp, pid, o.gateway.grpc),
      measure: (samples) => { row.samplesUs.push(...samples); },
      cleanup: (fn) => { cleanups.push(fn); },
    };
    const deadline = o.runDeadlineMs ?? 120_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      c.run(ctx),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new AgentLost('', 'hang', `the case did not finish within ${deadline} ms`)), deadline); }),
    ]).finally(() => clearTimeout(timer));
  } catch (err) {
    if (err instanceof Skip) { row.outcome = 'skip'; row.message = err.message; }
    else if (err instanceof Failure) { row.outcome = 'fail'; row.message = err.message; }
    else if (err instanceof AgentLost) { row.outcome = err.kind; row.blame = err.agent; row.message = err.message; }
    else { row.outcome = 'fail'; row.message = `runner error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`; }
  }
  for (const fn of cleanups.reverse()) {
    try { await fn(); } catch { /* a cleanup never changes the outcome */ }
  }
  for (const a of s === r ? [s] : [s, r]) {
    const crashes = a.takeCrashes();
    if (crashes.length > 0 && row.outcome !== 'crash' && row.outcome !== 'hang') {
      row.outcome = 'crash';
      row.blame = a.name;
      row.message = `${a.name} exited during the case: ${crashes.join('; ')}`;
    }
  }
  row.durationMs = Math.round(performance.now() - t0);
  return row;
}

/** The session a Proto.Actor node agent's self-pair hosts on: a second node, opened once per agent start. */
export const SELF_PEER_SESSION = '$self';
const selfPeers = new WeakMap<Agent, number>();

async function selfPeer(a: Agent, caseName: string, o: ExecuteOptions): Promise<string> {
  if (selfPeers.get(a) === a.generation) return SELF_PEER_SESSION;
  const r = await a.step(caseName, { open: { session: SELF_PEER_SESSION, token: o.tokens.main } }, 30_000);
  if (r.result === 'skipped') throw new Skip(`a node talking to itself crosses no wire, and ${a.name} cannot open a second node: ${r.skipped.reason}`);
  if (r.result === 'crash' || r.result === 'hang') throw new AgentLost(a.name, r.result, `opening a second node: ${JSON.stringify(r)}`);
  if (r.result !== 'ok') throw new Failure(`${a.name} could not open a second node for its self-pair: ${JSON.stringify(r)}`);
  selfPeers.set(a, a.generation);
  return SELF_PEER_SESSION;
}

/**
 * The PID a sender uses to reach `pid`: as given, except from one Proto.Actor node to a node of
 * the other wire dialect, which only the gateway can reach for it (`$relay/<address>/<id>`).
 */
function targetFor(s: Participant, r: Participant, pid: Pid, gateway: string): Pid {
  const toOtherNode = s.kind === AgentKind.NODE && r.kind === AgentKind.NODE && pid.address !== '' && pid.address !== gateway;
  if (toOtherNode && s.dialect !== r.dialect) return { address: gateway, id: `$relay/${pid.address}/${pid.id}` };
  return pid;
}
