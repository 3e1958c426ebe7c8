/**
 * Errors: what a requester is told when nobody can answer — a dead letter at once for a missing
 * or stopped actor (never a wait for the deadline), DEADLINE_EXCEEDED at its deadline for an
 * actor that stays silent.
 */
import { Behaviour, Code } from '../runner/agent-codec.js';
import { describe } from '../runner/agent.js';
import { check, type CaseContext, type CaseDef } from '../runner/case.js';
import { needsReplyPath } from './applicability.js';
import { watchAndSync } from './lifecycle.js';

const DEADLINE_MS = 5000;

/** A request to `pid` must fail fast with NOT_FOUND (a dead letter). */
async function expectDeadLetter(ctx: CaseContext, pid: { address: string; id: string }): Promise<void> {
  const t0 = performance.now();
  const r = await ctx.sender.raw('ask', { target: ctx.target(pid), text: 'anyone?', timeoutMs: DEADLINE_MS });
  const ms = performance.now() - t0;
  check(r.result === 'error', `the request ${describe(r)}, want a dead letter (NOT_FOUND)`);
  check(r.error.code === Code.NOT_FOUND, `the request failed with code ${r.error.code} (${r.error.message}), want ${Code.NOT_FOUND} NOT_FOUND`);
  check(ms < DEADLINE_MS * 0.8, `the dead letter took ${Math.round(ms)} ms: it waited for the deadline instead of failing fast`);
  ctx.measure([Math.round(ms * 1000)]);
}

export const errorCases: CaseDef[] = [
  {
    name: 'Required.Errors.DeadLetter',
    description: 'a request to an actor that never existed fails at once with NOT_FOUND (Proto.Actor DeadLetterResponse)',
    applies: needsReplyPath,
    async run(ctx) {
      await expectDeadLetter(ctx, await ctx.receiver.host(ctx.name('absent'), Behaviour.ABSENT));
    },
  },
  {
    name: 'Required.Errors.DeadLetterAfterStop',
    description: 'a request to an actor that was stopped fails at once with NOT_FOUND',
    applies: needsReplyPath,
    async run(ctx) {
      const x = ctx.name('recv');
      const pid = await ctx.receiver.host(x, Behaviour.ECHO);
      const w = ctx.name('watch');
      // Stopped for sure before the request: the sender's watch says so.
      await watchAndSync(ctx, pid, w);
      await ctx.receiver.ok('stop', { name: x });
      const seen = await ctx.sender.observe(w, { untilTerminated: true, waitMs: 10_000 });
      check(seen.terminated.length > 0, 'the stopped actor was never reported Terminated');
      await expectDeadLetter(ctx, pid);
    },
  },
  {
    name: 'Required.Errors.Timeout',
    description: 'a request the receiver gets but never answers fails with DEADLINE_EXCEEDED at its deadline, not before',
    applies: needsReplyPath,
    async run(ctx) {
      const x = ctx.name('silent');
      const pid = await ctx.receiver.host(x, Behaviour.SILENT);
      const t0 = performance.now();
      const r = await ctx.sender.raw('ask', { target: ctx.target(pid), text: 'no answer', timeoutMs: 300 });
      const ms = performance.now() - t0;
      check(r.result === 'error', `the request ${describe(r)}, want DEADLINE_EXCEEDED`);
      check(r.error.code === Code.DEADLINE_EXCEEDED, `the request failed with code ${r.error.code} (${r.error.message}), want ${Code.DEADLINE_EXCEEDED} DEADLINE_EXCEEDED`);
      check(ms >= 290, `the request gave up after ${Math.round(ms)} ms, before its 300 ms deadline`);
      const seen = await ctx.receiver.observe(x, { minReceived: 1 });
      check(seen.received.length === 1, `the silent actor saw ${seen.received.length} messages, want the 1 request`);
    },
  },
];
