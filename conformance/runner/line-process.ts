/**
 * A child process that speaks JSON lines on stdout: start it, wait for events
 * matching a predicate, write commands. Used for real Go peers and real gateway
 * processes in integration tests. Every wait has a deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type Event = Record<string, unknown>;

export class LineProcess {
  readonly child: ChildProcess;
  readonly events: Event[] = [];
  /** Called for every event as it arrives. */
  readonly listeners = new Set<(e: Event) => void>();
  private waiters: { pred: (e: Event) => boolean; resolve: (e: Event) => void }[] = [];
  private consumed = new Set<Event>();
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.exited = new Promise((r) => this.child.once('exit', (code) => r(code)));
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      let e: Event;
      try { e = JSON.parse(line) as Event; } catch { return; }
      this.events.push(e);
      for (const l of this.listeners) l(e);
      for (const w of [...this.waiters]) {
        if (w.pred(e) && !this.consumed.has(e)) {
          this.consumed.add(e);
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    });
    this.child.stderr!.on('data', (d) => {
      this.stderr = (this.stderr + d.toString()).slice(-20_000);
      for (const w of [...this.stderrWaiters]) w();
    });
  }

  private stderrWaiters: (() => void)[] = [];

  /** Resolves once the stderr tail matches `re` (a log line the process writes), with a deadline. */
  waitStderr(re: RegExp, timeoutMs = 10_000): Promise<void> {
    if (re.test(this.stderr)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!re.test(this.stderr)) return;
        clearTimeout(t);
        this.stderrWaiters.splice(this.stderrWaiters.indexOf(check), 1);
        resolve();
      };
      const t = setTimeout(() => {
        this.stderrWaiters.splice(this.stderrWaiters.indexOf(check), 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for stderr to match ${re}; tail: ${this.stderr.slice(-1500)}`));
      }, timeoutMs);
      this.stderrWaiters.push(check);
    });
  }

  /** The next not-yet-consumed event matching `pred` (already received or future). */
  next(pred: (e: Event) => boolean, timeoutMs = 10_000, what = 'event'): Promise<Event> {
    const seen = this.events.find((e) => pred(e) && !this.consumed.has(e));
    if (seen) { this.consumed.add(seen); return Promise.resolve(seen); }
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: (e: Event) => { clearTimeout(t); resolve(e); } };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; events: ${JSON.stringify(this.events.slice(-5))}; stderr tail: ${this.stderr.slice(-1500)}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  send(command: Event): void {
    this.child.stdin!.write(JSON.stringify(command) + '\n');
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    await this.exited;
  }
}
