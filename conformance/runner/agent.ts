/**
 * What the runner needs of an agent, whatever drives it: a name, what Init told about it, and
 * one step at a time with a deadline. A step ends in the agent's own answer (ok, error, timeout,
 * runtimeError, skipped) or in what the runner saw happen to the agent: it crashed (its process
 * ended) or hung (no answer by the deadline plus a grace; it is killed and restarted).
 */
import type { AgentKind, DecodedResponse, Op } from './agent-codec.js';

export type StepResult =
  | DecodedResponse
  | { id: number; result: 'crash'; crash: { message: string } }
  | { id: number; result: 'hang'; hang: { message: string } };

export interface AgentInfo {
  kind: AgentKind;
  /** "v2024" | "v2025" for Proto.Actor nodes, else "". */
  dialect: string;
  detail: string;
}

export interface Agent {
  readonly name: string;
  /** From the last Init (undefined until the agent first started). */
  readonly info: AgentInfo | undefined;
  /** Counts (re)starts: what an agent held before a restart (sessions, actors) is gone. */
  readonly generation: number;
  /** Starts (or restarts) the agent if it is not running, and Inits it. */
  ready(caseName: string): Promise<StepResult | undefined>;
  step(caseName: string, op: Op, deadlineMs: number): Promise<StepResult>;
  /** Crashes noticed outside a step since the last call (the case that caused them is charged). */
  takeCrashes(): string[];
  stderrTail(): string;
  stop(): Promise<void>;
}

/** One line describing a step result, for reports. */
export function describe(r: StepResult): string {
  switch (r.result) {
    case 'ok': return 'ok';
    case 'error': return `error ${r.error.code}${r.error.reason ? ` (${r.error.reason})` : ''}: ${r.error.message}`;
    case 'timeout': return `timeout: ${r.timeout.message}`;
    case 'runtimeError': return `runtime error: ${r.runtimeError.message}`;
    case 'skipped': return `skipped: ${r.skipped.reason}`;
    case 'crash': return `crash: ${r.crash.message}`;
    case 'hang': return `hang: ${r.hang.message}`;
  }
}
