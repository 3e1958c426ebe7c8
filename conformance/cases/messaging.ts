/**
 * Messaging: what crosses from a sender's actor to a receiver's — plain sends, requests and
 * replies, order, size, text fidelity and headers. Texts travel as google.protobuf.StringValue,
 * the one payload type every adapter has without code generation.
 */
import { Behaviour } from '../runner/agent-codec.js';
import { check, preview, Skip, type CaseDef } from '../runner/case.js';
import { needsReplyPath } from './applicability.js';

export const ORDERING_COUNT = 10_000;
export const LARGE_PAYLOAD = '0123456789abcdef'.repeat(65_536); // 1 MiB
export const BURST = { count: 200, size: 16 * 1024 };
export const UNICODE_TEXT = 'héllo wörld — 日本語のテキスト — 🚀👩‍👩‍👧 — العربية — Ελληνικά — e\u0301 — \u0000\u0007\ttab — 𝄞 — ﷽';

export const messagingCases: CaseDef[] = [
  {
    name: 'Required.Messaging.Send',
    description: 'a plain send arrives once, with its text and no sender',
    async run(ctx) {
      const x = ctx.name('recv');
      const pid = await ctx.receiver.host(x, Behaviour.ECHO);
      await ctx.sender.ok('send', { target: ctx.target(pid), text: 'hello' });
      const seen = await ctx.receiver.observe(x, { minReceived: 1 });
      check(seen.complete, `the receiver saw nothing within 5 s`);
      check(seen.received.length === 1 && seen.received[0]!.text === 'hello', `received ${JSON.stringify(seen.received.map((m) => m.text))}, want ["hello"]`);
      check(!seen.received[0]!.sender, `a plain send arrived with a sender: ${JSON.stringify(seen.received[0]!.sender)}`);
    },
  },
  {
    name: 'Required.Messaging.RequestReply',
    description: 'a request carries a sender the receiver answers, and the reply completes the request (50 in a row are timed)',
    applies: needsReplyPath,
    async run(ctx) {
      const x = ctx.name('recv');
      const pid = await ctx.receiver.host(x, Behaviour.ECHO);
      const one = await ctx.sender.ok('ask', { target: ctx.target(pid), text: 'request-reply', timeoutMs: 5000 });
      check(one.text === 'request-reply', `reply ${preview(one.text)}, want "request-reply"`);
      ctx.measure(one.latenciesUs);
      let want = 1;
      try {
        const many = await ctx.sender.ok('ask', { target: ctx.target(pid), text: 'ping-', timeoutMs: 5000, count: 50 }, 20_000);
        check(many.outcomes['OK'] === 50, `50 sequential requests: ${JSON.stringify(many.outcomes)}`);
        ctx.measure(many.latenciesUs);
        want = 51;
      } catch (err) {
        if (!(err instanceof Skip)) throw err; // a sender that makes one request at a time is timed once
      }
      const seen = await ctx.receiver.observe(x, { minReceived: want });
      check(seen.received.length === want, `the receiver saw ${seen.received.length} requests, want ${want}`);
      check(seen.received.every((m) => m.sender), 'a request arrived without a sender');
    },
  },
  {
    name: 'Required.Messaging.ConcurrentRequests',
    description: '100 requests in flight at once each get their own reply (none lost, none crossed)',
    applies: needsReplyPath,
    async run(ctx) {
      const pid = await ctx.receiver.host(ctx.name('recv'), Behaviour.ECHO);
      const r = await ctx.sender.ok('ask', { target: ctx.target(pid), text: 'concurrent-', timeoutMs: 8000, count: 100, concurrent: true }, 15_000);
      check(r.outcomes['OK'] === 100, `100 concurrent requests: ${JSON.stringify(r.outcomes)}`);
      ctx.measure(r.latenciesUs);
    },
  },
  {
    name: 'Required.Messaging.Ordering',
    description: `${ORDERING_COUNT.toLocaleString('en')} sends from one sender to one actor arrive complete and in order`,
    async run(ctx) {
      const x = ctx.name('recv');
      const pid = await ctx.receiver.host(x, Behaviour.SILENT);
      const t0 = performance.now();
      await ctx.sender.ok('send', { target: ctx.target(pid), text: '', count: ORDERING_COUNT }, 30_000);
      const seen = await ctx.receiver.observe(x, { minReceived: ORDERING_COUNT, waitMs: 30_000 });
      ctx.measure([Math.round((performance.now() - t0) * 1000)]);
      check(seen.received.length === ORDERING_COUNT, `received ${seen.received.length} of ${ORDERING_COUNT}`);
      const bad = seen.received.findIndex((m, i) => m.text !== String(i));
      check(bad < 0, `out of order at ${bad}: got ${preview(seen.received[bad]?.text ?? '')}, want "${bad}"`);
    },
  },
  {
    name: 'Required.Messaging.LargePayload',
    description: 'a 1 MiB request and its 1 MiB reply cross intact',
    applies: needsReplyPath,
    async run(ctx) {
      const pid = await ctx.receiver.host(ctx.name('recv'), Behaviour.ECHO);
      const r = await ctx.sender.ok('ask', { target: ctx.target(pid), text: LARGE_PAYLOAD, timeoutMs: 15_000 }, 20_000);
      check(r.text.length === LARGE_PAYLOAD.length, `reply of ${r.text.length} chars, want ${LARGE_PAYLOAD.length}`);
      check(r.text === LARGE_PAYLOAD, 'the reply differs from the request');
      ctx.measure(r.latenciesUs);
    },
  },
  {
    name: 'Required.Messaging.Burst',
    description: `${BURST.count} sends of ${BURST.size / 1024} KiB in one burst (${(BURST.count * BURST.size) / 2 ** 20} MiB, more than one frame) all arrive, in order`,
    async run(ctx) {
      const x = ctx.name('recv');
      const pid = await ctx.receiver.host(x, Behaviour.SILENT);
      const pad = 'x'.repeat(BURST.size - 8);
      await ctx.sender.ok('send', { target: ctx.target(pid), text: pad, count: BURST.count }, 30_000);
      const seen = await ctx.receiver.observe(x, { minReceived: BURST.count, waitMs: 30_000 });
      check(seen.received.length === BURST.count, `received ${seen.received.length} of ${BURST.count}`);
      const bad = seen.received.findIndex((m, i) => m.text !== pad + i);
      check(bad < 0, `message ${bad} differs (${seen.received[bad]?.text.length} chars)`);
    },
  },
  {
    name: 'Required.Messaging.Unicode',
    description: 'text with accents, CJK, emoji sequences, right-to-left scripts, combining marks and control characters crosses unchanged both ways',
    applies: needsReplyPath,
    async run(ctx) {
      const x = ctx.name('recv');
      const pid = await ctx.receiver.host(x, Behaviour.ECHO);
      const r = await ctx.sender.ok('ask', { target: ctx.target(pid), text: UNICODE_TEXT, timeoutMs: 5000 });
      check(r.text === UNICODE_TEXT, `reply ${preview(r.text, 200)}, want ${preview(UNICODE_TEXT, 200)}`);
      const seen = await ctx.receiver.observe(x, { minReceived: 1 });
      check(seen.received[0]?.text === UNICODE_TEXT, `the receiver saw ${preview(seen.received[0]?.text ?? '', 200)}`);
    },
  },
  {
    name: 'Required.Messaging.EmptyPayload',
    description: 'an empty text (a zero-length payload) is a message like any other, both ways',
    applies: needsReplyPath,
    async run(ctx) {
      const x = ctx.name('recv');
      const pid = await ctx.receiver.host(x, Behaviour.ECHO);
      const r = await ctx.sender.ok('ask', { target: ctx.target(pid), text: '', timeoutMs: 5000 });
      check(r.text === '', `reply ${preview(r.text)}, want ""`);
      const seen = await ctx.receiver.observe(x, { minReceived: 1 });
      check(seen.received.length === 1 && seen.received[0]!.text === '', `the receiver saw ${JSON.stringify(seen.received.map((m) => m.text))}`);
    },
  },
  {
    name: 'Required.Messaging.Headers',
    description: 'envelope headers of a send reach the receiving actor unchanged',
    async run(ctx) {
      const x = ctx.name('recv');
      const pid = await ctx.receiver.host(x, Behaviour.ECHO);
      const headers = { 'x-conformance-case': 'headers', 'x-conformance-value': 'ünïcödé ✓', 'x-conformance-empty': '' };
      await ctx.sender.ok('send', { target: ctx.target(pid), text: 'with-headers', headers });
      const seen = await ctx.receiver.observe(x, { minReceived: 1 });
      check(seen.complete, 'the receiver saw nothing within 5 s');
      const got = seen.received[0]!.headers;
      const missing = Object.entries(headers).filter(([k, v]) => got[k] !== v);
      check(missing.length === 0, `headers ${JSON.stringify(got)} lack ${JSON.stringify(Object.fromEntries(missing))}`);
    },
  },
];
