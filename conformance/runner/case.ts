/**
 * What a conformance case is: a dotted name with its level, a sentence saying what it proves, an
 * applicability rule over the (sender, receiver) pair, and a script of steps. Scripts drive the two
 * agents through `CaseContext` and end by returning (pass) or throwing: `Failure` (the behaviour
 * is wrong), `Skip` (the pair cannot do this — an agent answered Skipped), or the signals of a
 * crashed or hung agent, which the executor records against that agent.
 */
import { AgentKind, Behaviour, type Ops, type OkData, type Pid, type Termination } from './agent-codec.js';
import { describe, type Agent, type AgentInfo, type StepResult } from './agent.js';
import type { Tokens } from './gateway-under-test.js';

export type Level = 'Required' | 'Recommended';

export interface Participant extends AgentInfo { name: string }

export interface CaseDef {
  /** Dotted, starting with the level: `Required.Messaging.Send`. */
  name: string;
  /** One sentence: what passing proves. */
  description: string;
  /** undefined = applies; else why the pair is not a case (reported as skipped). */
  applies?(sender: Participant, receiver: Participant): string | undefined;
  run(ctx: CaseContext): Promise<void>;
}

export function levelOf(c: { name: string }): Level {
  return c.name.startsWith('Recommended.') ? 'Recommended' : 'Required';
}

export class Failure extends Error {}
export class Skip extends Error {}
/** An agent crashed or hung during a step. */
export class AgentLost extends Error {
  constructor(readonly agent: string, readonly kind: 'crash' | 'hang', message: string) { super(message); }
}

/** How long a single step may take, by default. */
export const STEP_DEADLINE_MS = 10_000;

/** One agent in one role of one case run: steps with the case's name, results unwrapped. */
export class Role {
  /**
   * `defaultSession`: the session of steps that name none ("" but for the receiver of a Proto.Actor
   * node's self-pair, which hosts on a second node so that something crosses a wire).
   */
  constructor(readonly agent: Agent, private readonly caseName: string, readonly label: 'sender' | 'receiver', private readonly maxDeadlineMs = Infinity, readonly defaultSession = '') {}

  get name(): string { return this.agent.name; }
  get info(): AgentInfo { return this.agent.info!; }
  get isNode(): boolean { return this.info.kind === AgentKind.NODE; }

  /** The raw result of one step. */
  async raw<K extends keyof Ops>(op: K, body: Partial<Ops[K]>, deadlineMs = STEP_DEADLINE_MS): Promise<StepResult> {
    const withSession = op === 'init' || op === 'shutdown' || (body as { session?: string }).session !== undefined ? body : { ...body, session: this.defaultSession };
    const r = await this.agent.step(this.caseName, { [op]: withSession } as never, Math.min(deadlineMs, this.maxDeadlineMs));
    if (r.result === 'crash' || r.result === 'hang') throw new AgentLost(this.agent.name, r.result, describe(r));
    if (r.result === 'skipped') throw new Skip(`${this.agent.name} (${this.label}) skipped ${op}: ${r.skipped.reason}`);
    return r;
  }

  /** A step that must succeed. */
  async ok<K extends keyof Ops>(op: K, body: Partial<Ops[K]>, deadlineMs = STEP_DEADLINE_MS): Promise<OkData> {
    const r = await this.raw(op, body, deadlineMs);
    if (r.result !== 'ok') throw new Failure(`${this.agent.name} (${this.label}) ${op}: ${describe(r)}`);
    return r.ok;
  }

  async host(name: string, behaviour = Behaviour.ECHO, session?: string): Promise<Pid> {
    const ok = await this.ok('host', { ...(session === undefined ? {} : { session }), name, behaviour });
    if (!ok.pid) throw new Failure(`${this.agent.name} host ${name}: no PID`);
    return ok.pid;
  }

  /** Observes `name`, waiting up to `waitMs` for the condition; the Timeout's partial data is returned as is (checks judge it). */
  async observe(name: string, o: { minReceived?: number; untilTerminated?: boolean; waitMs?: number; session?: string } = {}): Promise<OkData & { complete: boolean }> {
    const waitMs = o.waitMs ?? 5000;
    const r = await this.raw('observe', { session: o.session ?? this.defaultSession, name, minReceived: o.minReceived ?? 0, untilTerminated: o.untilTerminated ?? false, waitMs }, waitMs + 5000);
    if (r.result === 'ok') return { ...r.ok, complete: true };
    if (r.result === 'timeout' && r.timeout.partial) return { ...r.timeout.partial, complete: false };
    if (r.result === 'timeout') return { received: [], terminated: [], complete: false } as unknown as OkData & { complete: boolean };
    throw new Failure(`${this.agent.name} (${this.label}) observe ${name}: ${describe(r)}`);
  }
}

export interface CaseContext {
  readonly caseName: string;
  readonly sender: Role;
  readonly receiver: Role;
  readonly tokens: Tokens;
  readonly gateway: { grpc: string; ws: string };
  /** A name unique in this run, for actors, watches and sessions (`role` keeps the parts apart). */
  name(role: string): string;
  /** The PID the sender should use for `pid` (a node reaches another node's actors directly). */
  target(pid: Pid): Pid;
  /** Latency samples (µs) for the report's percentiles. */
  measure(samplesUs: readonly number[]): void;
  /** Steps to run after the case whatever its outcome (closing sessions it opened). */
  cleanup(fn: () => Promise<unknown>): void;
}

export function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Failure(message);
}

export function whyName(t: Termination | undefined): string {
  return t ? ['unknown', 'stopped', 'address-terminated', 'not-found'][t.why] ?? String(t.why) : 'nothing';
}

/** Short for long texts in messages. */
export function preview(s: string, n = 60): string {
  const json = JSON.stringify(s);
  return json.length > n ? `${json.slice(0, n)}…(${s.length} chars)` : json;
}
