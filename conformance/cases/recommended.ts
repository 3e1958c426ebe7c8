/**
 * Recommended: behaviour a good adapter has, which an adapter may lack for a stated reason
 * (listed in its failure list): reconnecting by itself after a network failure, refusing load
 * explicitly and fast under a tenant's quota, carrying W3C trace context on requests, and telling
 * a watcher of an actor that does not exist.
 */
import { AgentKind, Behaviour, TerminatedReason } from '../runner/agent-codec.js';
import { describe } from '../runner/agent.js';
import { check, preview, whyName, type CaseDef } from '../runner/case.js';
import { needsGateway, needsReplyPath } from './applicability.js';
import { THROTTLED_RATE } from '../runner/gateway-under-test.js';

export const BACKPRESSURE_REQUESTS = 600;
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const TRACESTATE = 'rosetta=conformance,congo=t61rcWkgMzE';

export const recommendedCases: CaseDef[] = [
  {
    name: 'Recommended.Reconnect',
    description: "after its connection is cut without a goodbye, the receiver's adapter reconnects by itself and its actor is reachable again under the same PID",
    applies: (s, r) => r.kind === AgentKind.IN_PROCESS ? 'in-process actors have no connection' : needsReplyPath(s, r),
    async run(ctx) {
      const session = ctx.name('flaky');
      await ctx.receiver.ok('open', { session, token: ctx.tokens.main });
      ctx.cleanup(() => ctx.receiver.raw('close', { session }));
      const x = ctx.name('recv');
      const pid = await ctx.receiver.host(x, Behaviour.ECHO, session);
      const before = await ctx.sender.ok('ask', { target: ctx.target(pid), text: 'before', timeoutMs: 5000 });
      check(before.text === 'before', `before the drop: ${preview(before.text)}`);
      await ctx.receiver.ok('drop', { session }, 15_000);
      let last = '';
      for (let attempt = 0; attempt < 5; attempt++) {
        const r = await ctx.sender.raw('ask', { target: ctx.target(pid), text: 'after', timeoutMs: 2000 });
        if (r.result === 'ok' && r.ok.text === 'after') return;
        last = describe(r);
      }
      check(false, `the actor was not reachable again after the reconnect: ${last}`);
    },
  },
  {
    name: 'Recommended.Backpressure',
    description: `${BACKPRESSURE_REQUESTS} requests at once in a tenant limited to ${THROTTLED_RATE} envelopes/s: those over the rate are refused at once — RESOURCE_EXHAUSTED (a dead letter for a Proto.Actor node) — not queued; the rest are answered (or, their replies being over the rate too, reach their deadline)`,
    applies: (s, r) => s.kind === AgentKind.IN_PROCESS ? 'in-process requests do not cross the edge the quota guards' : needsGateway(s, r) ?? needsReplyPath(s, r),
    async run(ctx) {
      const recv = ctx.name('bp-recv');
      const send = ctx.name('bp-send');
      await ctx.receiver.ok('open', { session: recv, token: ctx.tokens.throttled });
      ctx.cleanup(() => ctx.receiver.raw('close', { session: recv }));
      await ctx.sender.ok('open', { session: send, token: ctx.tokens.throttled });
      ctx.cleanup(() => ctx.sender.raw('close', { session: send }));
      const pid = await ctx.receiver.host(ctx.name('recv'), Behaviour.ECHO, recv);
      const r = await ctx.sender.ok('ask', { session: send, target: ctx.target(pid), text: 'load-', timeoutMs: 1000, count: BACKPRESSURE_REQUESTS, concurrent: true }, 20_000);
      const refusal = ctx.sender.info.kind === AgentKind.NODE ? 'NOT_FOUND' : 'RESOURCE_EXHAUSTED';
      const o = r.outcomes;
      const other = Object.keys(o).filter((k) => k !== 'OK' && k !== refusal && k !== 'DEADLINE_EXCEEDED');
      check(other.length === 0, `outcomes ${JSON.stringify(o)}: want only OK, ${refusal} and (for replies over the rate) DEADLINE_EXCEEDED`);
      // The burst is one second's worth: at most two seconds' worth may be admitted while the requests go out.
      const atLeast = BACKPRESSURE_REQUESTS - 2 * THROTTLED_RATE;
      check((o[refusal] ?? 0) >= atLeast, `outcomes ${JSON.stringify(o)}: want at least ${atLeast} refused at once (${refusal}); refused requests must be answered, not left to their deadline`);
    },
  },
  {
    name: 'Recommended.TracePropagation',
    description: 'W3C trace context (traceparent and tracestate) on a request reaches the receiving actor unchanged',
    applies: needsReplyPath,
    async run(ctx) {
      const x = ctx.name('recv');
      const pid = await ctx.receiver.host(x, Behaviour.ECHO);
      const r = await ctx.sender.ok('ask', { target: ctx.target(pid), text: 'traced', timeoutMs: 5000, headers: { traceparent: TRACEPARENT, tracestate: TRACESTATE } });
      check(r.text === 'traced', `reply ${preview(r.text)}`);
      const seen = await ctx.receiver.observe(x, { minReceived: 1 });
      const h = seen.received[0]?.headers ?? {};
      check(h['traceparent'] === TRACEPARENT, `traceparent arrived as ${JSON.stringify(h['traceparent'])}`);
      check(h['tracestate'] === TRACESTATE, `tracestate arrived as ${JSON.stringify(h['tracestate'])}`);
    },
  },
  {
    name: 'Recommended.Lifecycle.WatchMissing',
    description: 'watching an actor that does not exist is answered Terminated{NotFound}',
    applies: needsReplyPath,
    async run(ctx) {
      const pid = await ctx.receiver.host(ctx.name('absent'), Behaviour.ABSENT);
      const w = ctx.name('watch');
      await ctx.sender.ok('watch', { target: ctx.target(pid), name: w });
      const seen = await ctx.sender.observe(w, { untilTerminated: true, waitMs: 2000 });
      check(seen.terminated.length > 0, 'the watch of a missing actor was never answered');
      const t = seen.terminated[0]!;
      check(t.why === TerminatedReason.NOT_FOUND || t.why === TerminatedReason.REASON_UNKNOWN, `Terminated says ${whyName(t)}, want not-found`);
    },
  },
];

