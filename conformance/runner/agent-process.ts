/**
 * One long-lived agent process speaking the agent protocol on its stdin/stdout. Steps are sent one
 * at a time; each has a deadline, after which (plus a grace) the agent is declared hung, its
 * process group killed, and the step charged with the hang. A process that ends while a step is
 * pending charges that step with a crash; one that ends between steps charges the last case it
 * took part in. The next step restarts it (and sends Init again).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { decodeResponse, encodeRequest, frame, FrameReader, type Op, type Ops } from './agent-codec.js';
import type { Agent, AgentInfo, StepResult } from './agent.js';

export interface AgentCommand {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** How long past a step's deadline the runner still waits before calling it a hang. */
export const HANG_GRACE_MS = 2000;

export class AgentProcess implements Agent {
  info: AgentInfo | undefined;
  generation = 0;
  private child: ChildProcess | undefined;
  private nextId = 1;
  private pending: { id: number; resolve: (r: StepResult) => void; timer: ReturnType<typeof setTimeout> } | undefined;
  private stderr = '';
  private lastCase = '';
  private crashes: string[] = [];
  private stopping = false;
  /** Set when the process is known dead; the next step restarts it. */
  private dead = true;

  constructor(readonly spec: AgentCommand, private readonly init: () => Ops['init'], private readonly initDeadlineMs = 60_000) {}

  get name(): string {
    return this.spec.name;
  }

  stderrTail(): string {
    return this.stderr.slice(-4000);
  }

  takeCrashes(): string[] {
    const c = this.crashes;
    this.crashes = [];
    return c;
  }

  async ready(caseName: string): Promise<StepResult | undefined> {
    if (!this.dead) return undefined;
    this.launch();
    const r = await this.send(caseName, { init: this.init() }, this.initDeadlineMs);
    if (r.result === 'ok') {
      this.info = { kind: r.ok.kind, dialect: r.ok.dialect, detail: r.ok.detail };
      return undefined;
    }
    if (r.result !== 'crash' && r.result !== 'hang') this.kill();
    return r;
  }

  async step(caseName: string, op: Op, deadlineMs: number): Promise<StepResult> {
    this.lastCase = caseName;
    const failed = await this.ready(caseName);
    if (failed) return failed.result === 'crash' || failed.result === 'hang' ? failed : { id: 0, result: 'crash', crash: { message: `Init failed: ${JSON.stringify(failed)}` } };
    return this.send(caseName, op, deadlineMs);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.dead && this.child) {
      const exited = new Promise<void>((r) => this.child!.once('exit', () => r()));
      void this.send('', { shutdown: {} }, 5000);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    this.kill();
  }

  private launch(): void {
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd, env: this.spec.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true,
    });
    this.child = child;
    this.dead = false;
    this.generation++;
    const reader = new FrameReader((body) => this.onFrame(body));
    child.stdout!.on('data', (chunk: Buffer) => {
      try { reader.push(chunk); } catch (err) { this.onExit(`unreadable output: ${(err as Error).message}`); this.kill(); }
    });
    child.stderr!.on('data', (d: Buffer) => { this.stderr = (this.stderr + d.toString()).slice(-50_000); });
    child.stdin!.on('error', () => { /* the exit handler reports it */ });
    child.once('exit', (code, signal) => { if (this.child === child) this.onExit(`exited with ${signal ?? `code ${code}`}`); });
    child.once('error', (err) => { if (this.child === child) this.onExit(`could not start: ${err.message}`); });
  }

  private send(caseName: string, op: Op, deadlineMs: number): Promise<StepResult> {
    const child = this.child;
    const id = this.nextId++;
    if (!child || this.dead) return Promise.resolve({ id, result: 'crash', crash: { message: 'the agent is not running' } });
    return new Promise<StepResult>((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = undefined;
        this.kill();
        resolve({ id, result: 'hang', hang: { message: `no answer to ${Object.keys(op)[0]} within ${deadlineMs} ms (+${HANG_GRACE_MS} ms grace): killed` } });
      }, deadlineMs + HANG_GRACE_MS);
      this.pending = { id, resolve, timer };
      child.stdin!.write(frame(encodeRequest({ id, caseName, deadlineMs, op })));
    });
  }

  private onFrame(body: Buffer): void {
    let r;
    try { r = decodeResponse(body); } catch (err) {
      this.onExit(`undecodable response: ${(err as Error).message}`);
      this.kill();
      return;
    }
    const p = this.pending;
    if (!p || p.id !== r.id) return; // an answer to a step already given up on
    this.pending = undefined;
    clearTimeout(p.timer);
    p.resolve(r as StepResult);
  }

  private onExit(why: string): void {
    if (this.dead) return;
    this.dead = true;
    const message = `${this.spec.name} ${why}; stderr tail: ${this.stderr.slice(-800).trim()}`;
    const p = this.pending;
    if (p) {
      this.pending = undefined;
      clearTimeout(p.timer);
      p.resolve({ id: p.id, result: 'crash', crash: { message } });
    } else if (!this.stopping) {
      this.crashes.push(`${this.lastCase}: ${message}`);
    }
  }

  /** Kills the agent's whole process group (it may have started a browser or a JVM). */
  private kill(): void {
    const child = this.child;
    if (!child?.pid) return;
    this.dead = true;
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}
