/**
 * Lifecycle: watching actors across languages (told when they stop, when their connection is
 * lost), Proto.Actor remote spawn, and virtual actors activated by their first message.
 */
import { AgentKind, Behaviour, TerminatedReason, type Pid } from '../runner/agent-codec.js';
import { check, preview, whyName, type CaseContext, type CaseDef } from '../runner/case.js';
import { needsReplyPath } from './applicability.js';

/**
 * Watches `pid` from the sender under `watch`, then makes sure the Watch arrived before anything
 * else happens: a request on the same path (system messages are never overtaken by user messages
 * sent after them), answered by the receiver.
 */
export async function watchAndSync(ctx: CaseContext, pid: Pid, watch: string): Promise<void> {
  await ctx.sender.ok('watch', { target: ctx.target(pid), name: watch });
  const r = await ctx.sender.ok('ask', { target: ctx.target(pid), text: 'sync', timeoutMs: 5000 });
  check(r.text === 'sync', `sync request answered ${preview(r.text)}`);
}

/** The sender's watch `watch` heard exactly one Terminated, for the reason wanted (when its adapter tells reasons). */
export async function expectTerminated(ctx: CaseContext, watch: string, want: TerminatedReason, waitMs = 10_000): Promise<void> {
  const seen = await ctx.sender.observe(watch, { untilTerminated: true, waitMs });
  check(seen.terminated.length > 0, `the watcher heard no Terminated within ${waitMs / 1000} s`);
  const t = seen.terminated[0]!;
  check(t.why === want || t.why === TerminatedReason.REASON_UNKNOWN, `Terminated says ${whyName(t)}, want ${whyName({ who: null, why: want })}`);
  check(seen.terminated.length === 1, `the watcher heard ${seen.terminated.length} Terminated messages, want 1`);
}

export const lifecycleCases: CaseDef[] = [
  {
    name: 'Required.Lifecycle.WatchStopped',
    description: 'a watcher is told Terminated{Stopped} once, when the watched actor stops',
    applies: needsReplyPath,
    async run(ctx) {
      const x = ctx.name('recv');
      const pid = await ctx.receiver.host(x, Behaviour.ECHO);
      const w = ctx.name('watch');
      await watchAndSync(ctx, pid, w);
      await ctx.receiver.ok('stop', { name: x });
      await expectTerminated(ctx, w, TerminatedReason.STOPPED);
    },
  },
  {
    name: 'Required.Lifecycle.MultipleWatchers',
    description: 'two watches of one actor by the same sender are each told, once',
    applies: needsReplyPath,
    async run(ctx) {
      const x = ctx.name('recv');
      const pid = await ctx.receiver.host(x, Behaviour.ECHO);
      const w1 = ctx.name('watch');
      const w2 = ctx.name('watch');
      await ctx.sender.ok('watch', { target: ctx.target(pid), name: w1 });
      await watchAndSync(ctx, pid, w2);
      await ctx.receiver.ok('stop', { name: x });
      await expectTerminated(ctx, w1, TerminatedReason.STOPPED);
      await expectTerminated(ctx, w2, TerminatedReason.STOPPED);
    },
  },
  {
    name: 'Required.Lifecycle.WatchConnectionLost',
    description: 'a watcher is told Terminated{AddressTerminated} when the connection (or node) hosting the watched actor goes away',
    applies: (s, r) => r.kind === AgentKind.IN_PROCESS ? 'in-process actors have no connection to lose' : needsReplyPath(s, r),
    async run(ctx) {
      const session = ctx.name('lost');
      await ctx.receiver.ok('open', { session, token: ctx.tokens.main });
      let open = true;
      ctx.cleanup(async () => { if (open) await ctx.receiver.raw('close', { session }); });
      const x = ctx.name('recv');
      const pid = await ctx.receiver.host(x, Behaviour.ECHO, session);
      const w = ctx.name('watch');
      await watchAndSync(ctx, pid, w);
      await ctx.receiver.ok('close', { session });
      open = false;
      await expectTerminated(ctx, w, TerminatedReason.ADDRESS_TERMINATED);
    },
  },
  {
    name: 'Required.Lifecycle.RemoteSpawn',
    description: 'a Proto.Actor remote spawn of a kind the receiver registered returns a PID that answers requests',
    applies: needsReplyPath,
    async run(ctx) {
      const kind = await ctx.receiver.ok('host', { name: ctx.name('kind'), behaviour: Behaviour.SPAWNABLE });
      const name = ctx.name('spawned');
      const spawned = await ctx.sender.ok('spawn', { address: kind.pid!.address, kind: kind.kindName, name, timeoutMs: 5000 });
      check(spawned.pid && spawned.pid.id !== '', 'the spawn returned no PID');
      const r = await ctx.sender.ok('ask', { target: ctx.target(spawned.pid!), text: 'spawned', timeoutMs: 5000 });
      check(r.text === 'spawned', `the spawned actor answered ${preview(r.text)}`);
      const seen = await ctx.receiver.observe(spawned.pid!.id, { minReceived: 1 });
      check(seen.received.some((m) => m.text === 'spawned'), `the receiver's spawned actor saw ${JSON.stringify(seen.received.map((m) => m.text))}`);
    },
  },
  {
    name: 'Required.Lifecycle.VirtualActivation',
    description: 'the first message to <kind>/<identity> activates the virtual actor once; later messages reach the same activation',
    async run(ctx) {
      const v = ctx.name('virtual');
      const pid = await ctx.receiver.host(v, Behaviour.VIRTUAL);
      const first = await ctx.sender.ok('ask', { target: ctx.target(pid), text: 'first', timeoutMs: 5000 });
      check(first.text === 'first', `first reply ${preview(first.text)}`);
      const second = await ctx.sender.ok('ask', { target: ctx.target(pid), text: 'second', timeoutMs: 5000 });
      check(second.text === 'second', `second reply ${preview(second.text)}`);
      const seen = await ctx.receiver.observe(v, { minReceived: 2 });
      check(seen.activations === 1, `${seen.activations} activations, want 1`);
      check(JSON.stringify(seen.received.map((m) => m.text)) === '["first","second"]', `the virtual actor saw ${JSON.stringify(seen.received.map((m) => m.text))}`);
    },
  },
];
