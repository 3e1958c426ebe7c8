/**
 * Tenancy: the same name in two tenants is two actors; a sender of tenant B reaches B's and never
 * A's, whichever PID it is given.
 */
import { Behaviour } from '../runner/agent-codec.js';
import { check, preview, type CaseDef } from '../runner/case.js';
import { needsGateway, needsReplyPath } from './applicability.js';

export const tenancyCases: CaseDef[] = [
  {
    name: 'Required.Tenancy.Isolation',
    description: "with actors of one name in tenants A and B, a sender of tenant B reaches B's actor and nothing of A's — not even through A's PID",
    applies: (s, r) => needsGateway(s, r) ?? needsReplyPath(s, r),
    async run(ctx) {
      const x = ctx.name('iso');
      const inB = ctx.name('tenant-b');
      const pidA = await ctx.receiver.host(x, Behaviour.ECHO);
      await ctx.receiver.ok('open', { session: inB, token: ctx.tokens.other });
      ctx.cleanup(() => ctx.receiver.raw('close', { session: inB }));
      const pidB = await ctx.receiver.host(x, Behaviour.ECHO, inB);
      const senderB = ctx.name('sender-b');
      // Self-pairs share one agent: the sender's session of tenant B is not the receiver's.
      await ctx.sender.ok('open', { session: senderB, token: ctx.tokens.other });
      ctx.cleanup(() => ctx.sender.raw('close', { session: senderB }));
      const r = await ctx.sender.ok('ask', { session: senderB, target: ctx.target(pidB), text: 'from-b', timeoutMs: 5000 });
      check(r.text === 'from-b', `B's actor answered ${preview(r.text)}`);
      // A's PID, used from tenant B: it must not reach A's actor (the request may fail or reach B's).
      await ctx.sender.raw('ask', { session: senderB, target: ctx.target(pidA), text: 'b-to-a', timeoutMs: 2000 });
      await ctx.sender.ok('send', { target: ctx.target(pidA), text: 'marker' });
      const a = await ctx.receiver.observe(x, { minReceived: 1 });
      const texts = a.received.map((m) => m.text);
      check(texts.length === 1 && texts[0] === 'marker', `A's actor saw ${JSON.stringify(texts)}: want only the marker from tenant A`);
      const b = await ctx.receiver.observe(x, { session: inB, minReceived: 1 });
      check(b.received.some((m) => m.text === 'from-b') && !b.received.some((m) => m.text === 'marker'), `B's actor saw ${JSON.stringify(b.received.map((m) => m.text))}`);
    },
  },
];
