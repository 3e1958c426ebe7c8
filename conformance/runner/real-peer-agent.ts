import type { Agent, AgentInfo, StepResult } from './agent.js';
export class RealPeerAgent implements Agent {
  info: AgentInfo | undefined;
  constructor(readonly name: string, _port: number, _gw: string, _token: string) {}
  async ready(): Promise<StepResult | undefined> { return { id: 0, result: 'crash', crash: { message: 'todo' } }; }
  async step(): Promise<StepResult> { return { id: 0, result: 'crash', crash: { message: 'todo' } }; }
  takeCrashes(): string[] { return []; }
  stderrTail(): string { return ''; }
  async stop(): Promise<void> {}
}
