/**
 * The real-peer agents, peer-v2024 and peer-v2025: the unmodified protoactor-go program
 * adapters/go/examples/peer (configuration only: an address, a token), driven through its own
 * JSON-lines commands rather than the agent protocol — so the cases also run against a program
 * nobody wrote for conformance. What its commands cannot do (a silent actor, sends with headers,
 * a second connection) it answers Skipped. It runs in the runner's process; a crash of the peer
 * program is charged like an agent's.
 */
import { Recording } from '../agents/common/recording.js';
import { AgentKind, Behaviour, type Ops, type Op, type OkData } from './agent-codec.js';
import type { Agent, AgentInfo, StepResult } from './agent.js';
import { GoPeer, type GoDialect } from './go-peer.js';
import type { Event } from './line-process.js';

const INTRO_ID = '$conformance/hello';
/** The peer reads stdin lines of at most 1 MiB. */
const MAX_TEXT = 512 * 1024;

export class RealPeerAgent implements Agent {
  info: AgentInfo | undefined;
  generation = 0;
  private peer: GoPeer | undefined;
  private address = '';
  private crashes: string[] = [];
  private lastCase = '';
  private readonly recordings = new Map<string, Recording>();
  /** Watches whose Terminated has not come yet, oldest first. */
  private pendingWatches: { name: string; id: string }[] = [];
  private nextId = 1;

  constructor(readonly name: 'peer-v2024' | 'peer-v2025', private readonly port: number, private readonly gateway: string, private readonly token: string) {}

  get dialect(): GoDialect { return this.name === 'peer-v2024' ? 'v2024' : 'v2025'; }

  stderrTail(): string { return this.peer?.stderr.slice(-4000) ?? ''; }

  takeCrashes(): string[] {
    const c = this.crashes;
    this.crashes = [];
    return c;
  }

  async ready(caseName: string): Promise<StepResult | undefined> {
    if (this.peer && this.peer.child.exitCode === null && this.peer.child.signalCode === null) return undefined;
    const id = this.nextId++;
    try {
      const peer = new GoPeer(this.dialect, `127.0.0.1:${this.port}`, ['--token', this.token]);
      this.generation++;
      this.peer = peer;
      this.address = peer.address;
      peer.listeners.add((e) => this.onEvent(e));
      void peer.exited.then((code) => { if (this.peer === peer) { this.peer = undefined; this.crashes.push(`${this.lastCase || caseName}: ${this.name} exited with ${code}: ${peer.stderr.slice(-500)}`); } });
      await peer.next((e) => e['event'] === 'ready', 15_000, `${this.name} ready`);
      // Its first request opens its stream (the gateway may dial it back) and proves the round trip.
      const intro = await peer.call({ op: 'request', address: this.gateway, id: INTRO_ID, text: 'hello', timeoutMs: 5000 }, (e) => e['event'] === 'reply' || e['event'] === 'error');
      if (intro['error'] !== 'dead-letter') throw new Error(`the gateway did not answer the peer: ${JSON.stringify(intro)}`);
      this.info = { kind: AgentKind.NODE, dialect: this.dialect, detail: `adapters/go/examples/peer, unmodified protoactor-go (${this.dialect})` };
      return undefined;
    } catch (err) {
      return { id, result: 'crash', crash: { message: `${this.name} did not start: ${(err as Error).message}` } };
    }
  }

  async step(caseName: string, op: Op, deadlineMs: number): Promise<StepResult> {
    this.lastCase = caseName;
    const id = this.nextId++;
    const failed = await this.ready(caseName);
    if (failed) return failed;
    const [name, body] = Object.entries(op)[0] as [keyof Ops, Record<string, unknown>];
    try {
      return { id, ...(await this.run(name, body, deadlineMs)) } as StepResult;
    } catch (err) {
      if (!this.peer) return { id, result: 'crash', crash: { message: `${this.name} exited: ${(err as Error).message}` } };
      return { id, result: 'runtimeError', runtimeError: { message: (err as Error).message } };
    }
  }

  async stop(): Promise<void> {
    const peer = this.peer;
    this.peer = undefined;
    await peer?.exit();
  }

  private skipped(reason: string) { return { result: 'skipped', skipped: { reason } }; }
  private ok(data: Partial<OkData> = {}) { return { result: 'ok', ok: data }; }

  private recording(name: string): Recording {
    let r = this.recordings.get(name);
    if (!r) { r = new Recording(); this.recordings.set(name, r); }
    return r;
  }

  private onEvent(e: Event): void {
    if (e['event'] === 'received') {
      const sender = String(e['sender'] ?? '');
      const slash = sender.indexOf('/');
      const rec = this.recording(String(e['self']));
      rec.received.push({
        text: String(e['text'] ?? ''), headers: (e['headers'] as Record<string, string>) ?? {},
        sender: sender === '' ? null : { address: sender.slice(0, slash), id: sender.slice(slash + 1) },
      });
      rec.changed();
    } else if (e['event'] === 'terminated') {
      const who = String(e['who']);
      const i = Math.max(0, this.pendingWatches.findIndex((w) => w.id === who));
      const w = this.pendingWatches.splice(i, 1)[0];
      // protoactor-go turns every remote Terminated into Stopped: the reason is unknown to it.
      const why = Number(e['why']) + 1;
      if (!w) return;
      const rec = this.recording(w.name);
      rec.terminated.push({ who: { address: String(e['address'] ?? ''), id: who }, why: String(e['address']) !== this.address && why === 1 ? 0 : why });
      rec.changed();
    }
  }

  private call(command: Record<string, unknown>, until: (e: Event) => boolean, ms: number): Promise<Event> {
    return this.peer!.call(command, until, ms);
  }

  private async run(op: keyof Ops, b: Record<string, unknown>, deadlineMs: number): Promise<object> {
    const wait = Math.max(100, deadlineMs - 500);
    if (b['session'] !== undefined && b['session'] !== '') return this.skipped('the peer program runs one node with one token');
    switch (op) {
      case 'host': {
        const o = b as unknown as Ops['host'];
        if (o.behaviour === Behaviour.ABSENT) return this.ok({ pid: { address: this.address, id: o.name } });
        if (o.behaviour === Behaviour.SPAWNABLE) return this.ok({ pid: { address: this.address, id: '' }, kindName: 'echo-kind' });
        if (o.behaviour !== Behaviour.ECHO) return this.skipped('the peer hosts only echo actors');
        const e = await this.call({ op: 'spawn-local', name: o.name }, (x) => x['event'] === 'spawned-local' || x['event'] === 'error', wait);
        return e['event'] === 'error' ? { result: 'runtimeError', runtimeError: { message: String(e['error']) } } : this.ok({ pid: { address: this.address, id: o.name } });
      }
      case 'stop': await this.call({ op: 'stop', id: (b as unknown as Ops['stop']).name }, (x) => x['event'] === 'stopping', wait); return this.ok();
      case 'send': {
        const o = b as unknown as Ops['send'];
        if (o.headers && Object.keys(o.headers).length > 0) return this.skipped('the peer sends without headers');
        if ((o.text ?? '').length > MAX_TEXT) return this.skipped('the peer reads command lines of at most 1 MiB');
        const target = { address: o.target.address, id: o.target.id };
        if ((o.count ?? 0) <= 1) await this.call({ op: 'send', ...target, text: o.text ?? '' }, (x) => x['event'] === 'sent', wait);
        else if (o.text) return this.skipped('the peer sends numbered messages only as "0", "1", …');
        else await this.call({ op: 'send-many', ...target, count: o.count }, (x) => x['event'] === 'sent', wait);
        return this.ok();
      }
      case 'ask': {
        const o = b as unknown as Ops['ask'];
        if ((o.count ?? 0) > 1) return this.skipped('the peer makes one request at a time');
        if ((o.text ?? '').length > MAX_TEXT) return this.skipped('the peer reads command lines of at most 1 MiB');
        const t0 = performance.now();
        const e = await this.call({ op: 'request', address: o.target.address, id: o.target.id, text: o.text ?? '', timeoutMs: o.timeoutMs || 5000, headers: o.headers ?? {} },
          (x) => x['event'] === 'reply' || x['event'] === 'error', wait);
        if (e['event'] === 'reply') return this.ok({ text: String(e['text'] ?? ''), latenciesUs: [Math.round((performance.now() - t0) * 1000)] });
        const code = e['error'] === 'dead-letter' ? 5 : e['error'] === 'timeout' ? 4 : 2;
        return { result: 'error', error: { code, reason: e['error'] === 'dead-letter' ? 'dead-letter' : '', message: String(e['error']) } };
      }
      case 'watch': {
        const o = b as unknown as Ops['watch'];
        this.recording(o.name);
        this.pendingWatches.push({ name: o.name, id: o.target.id });
        await this.call({ op: 'watch', address: o.target.address, id: o.target.id }, (x) => x['event'] === 'watching', wait);
        return this.ok();
      }
      case 'observe': {
        const o = b as unknown as Ops['observe'];
        const r = await this.recording(o.name).observe({ minReceived: o.minReceived ?? 0, untilTerminated: o.untilTerminated ?? false }, Math.min(o.waitMs ?? 0, wait));
        return { result: 'ok' in r ? 'ok' : 'timeout', ...r };
      }
      case 'spawn': {
        const o = b as unknown as Ops['spawn'];
        const e = await this.call({ op: 'spawn', address: o.address, kind: o.kind, name: o.name, timeoutMs: o.timeoutMs || 5000 }, (x) => x['event'] === 'spawned' || x['event'] === 'error', wait);
        if (e['event'] === 'error') return { result: 'error', error: { code: 2, reason: '', message: String(e['error']) } };
        if (Number(e['status']) !== 0) return { result: 'error', error: { code: 2, reason: 'spawn-status', message: `ActorPidResponse status ${String(e['status'])}` } };
        return this.ok({ pid: { address: String(e['address']), id: String(e['id']) } });
      }
      case 'crdtWrite': case 'crdtRead': {
        if (this.dialect === 'v2024') return this.skipped('the 2024 peer has no document commands');
        const o = b as unknown as Ops['crdtWrite'] & Ops['crdtRead'];
        const base = { address: this.gateway, document: o.document, name: o.name, structure: 'map' };
        const error = (e: Event) => ({ result: 'error', error: { code: Number(e['code'] ?? (e['error'] === 'dead-letter' ? 5 : 2)), reason: String(e['reason'] ?? ''), message: String(e['message'] ?? e['error']) } });
        if (op === 'crdtWrite') {
          const e = await this.call({ op: 'crdt-set', ...base, values: { [o.key]: o.value } }, (x) => x['event'] === 'crdt-updated' || x['event'] === 'crdt-error', wait);
          return e['event'] === 'crdt-error' ? error(e) : this.ok();
        }
        const deadline = Date.now() + Math.min(o.waitMs || wait, wait);
        for (;;) {
          const e = await this.call({ op: 'crdt-get', ...base }, (x) => x['event'] === 'crdt-got' || x['event'] === 'crdt-error', wait);
          if (e['event'] === 'crdt-error') return error(e);
          const entries = Object.fromEntries(Object.entries((e['entries'] as Record<string, unknown>) ?? {}).map(([k, v]) => [k, String(v)]));
          if (Object.keys(entries).length >= (o.minEntries ?? 0)) return this.ok({ entries });
          if (Date.now() >= deadline) return { result: 'timeout', timeout: { message: 'not enough entries', partial: { entries } } };
          await new Promise((r) => setTimeout(r, 20)); // a get answers the current state: ask again shortly
        }
      }
      default: return this.skipped(`the peer program has no ${op}`);
    }
  }
}
