/**
 * Auth: a sender's connection with a token the gateway must refuse — none, expired, signed by an
 * unknown key, altered after signing, revoked — is refused UNAUTHENTICATED when it connects; a
 * valid token of another tenant reaches nothing of this one; a token whose `perm.send` does not
 * cover the target is refused per envelope. In every case nothing reaches the receiver: a marker
 * the sender then sends on its own good connection arrives alone.
 */
import { AgentKind, Behaviour, Code, type Pid } from '../runner/agent-codec.js';
import { describe } from '../runner/agent.js';
import { check, type CaseContext, type CaseDef } from '../runner/case.js';
import type { Tokens } from '../runner/gateway-under-test.js';
import { needsCredentials, needsGateway } from './applicability.js';

/** Hosts the target, opens the sender's session with `token` (closed after the case). */
async function prepare(ctx: CaseContext, token: string): Promise<{ x: string; pid: Pid; session: string; opened: Awaited<ReturnType<CaseContext['sender']['raw']>> }> {
  const x = ctx.name('recv');
  const pid = await ctx.receiver.host(x, Behaviour.ECHO);
  const session = ctx.name('auth');
  ctx.cleanup(() => ctx.sender.raw('close', { session }));
  const opened = await ctx.sender.raw('open', { session, token });
  return { x, pid, session, opened };
}

/** Nothing but the marker, sent afterwards on the sender's good connection, reached the receiver. */
async function expectNothingDelivered(ctx: CaseContext, x: string, pid: Pid): Promise<void> {
  await ctx.sender.ok('send', { target: ctx.target(pid), text: 'marker' });
  const seen = await ctx.receiver.observe(x, { minReceived: 1 });
  const texts = seen.received.map((m) => m.text);
  check(texts.length === 1 && texts[0] === 'marker', `the receiver saw ${JSON.stringify(texts)}: want only the marker`);
}

function refusedAtConnect(name: keyof Tokens, label: string, what: string): CaseDef {
  return {
    name: `Required.Auth.${label}`,
    description: `a connection with ${what} is refused UNAUTHENTICATED, and nothing it sends is delivered`,
    applies: needsCredentials,
    async run(ctx) {
      const { x, pid, session, opened } = await prepare(ctx, label === 'Missing' ? '' : ctx.tokens[name]);
      if (opened.result === 'ok') {
        const r = await ctx.sender.raw('ask', { session, target: ctx.target(pid), text: 'must not arrive', timeoutMs: 2000 });
        check(false, `the connection was accepted; a request on it ${describe(r)}`);
      }
      check(opened.result === 'error', `opening the connection ${describe(opened)}, want UNAUTHENTICATED`);
      check(opened.error.code === Code.UNAUTHENTICATED, `the connection was refused with code ${opened.error.code} (${opened.error.message}), want ${Code.UNAUTHENTICATED} UNAUTHENTICATED`);
      if (label === 'Expired' && opened.error.reason) check(opened.error.reason === 'expired', `reason '${opened.error.reason}', want 'expired'`);
      await expectNothingDelivered(ctx, x, pid);
    },
  };
}

export const authCases: CaseDef[] = [
  refusedAtConnect('main', 'Missing', 'no token'),
  refusedAtConnect('expired', 'Expired', 'an expired token'),
  refusedAtConnect('forged', 'Forged', 'a token signed by a key the gateway does not know'),
  refusedAtConnect('tampered', 'Tampered', 'a token altered after it was signed'),
  refusedAtConnect('revoked', 'Revoked', 'a revoked token'),
  {
    name: 'Required.Auth.WrongTenant',
    description: "a valid token of another tenant cannot reach the receiver's actor: the request fails at once (NOT_FOUND or PERMISSION_DENIED) and nothing is delivered",
    applies: needsGateway,
    async run(ctx) {
      const { x, pid, session, opened } = await prepare(ctx, ctx.tokens.other);
      check(opened.result === 'ok', `a valid token of another tenant was refused: ${describe(opened)}`);
      const r = await ctx.sender.raw('ask', { session, target: ctx.target(pid), text: 'must not arrive', timeoutMs: 5000 });
      check(r.result === 'error', `the request ${describe(r)}: want a typed refusal`);
      check(r.error.code === Code.NOT_FOUND || r.error.code === Code.PERMISSION_DENIED, `the request failed with code ${r.error.code} (${r.error.message}), want ${Code.NOT_FOUND} NOT_FOUND or ${Code.PERMISSION_DENIED} PERMISSION_DENIED`);
      await expectNothingDelivered(ctx, x, pid);
    },
  },
  {
    name: 'Required.Auth.OutOfScope',
    description: "a token whose perm.send does not cover the target is refused per envelope: PERMISSION_DENIED (a Proto.Actor node, which cannot decode it, gets a dead letter: NOT_FOUND), nothing delivered",
    applies: needsCredentials,
    async run(ctx) {
      const { x, pid, session, opened } = await prepare(ctx, ctx.tokens.scoped);
      check(opened.result === 'ok', `a valid token with a send scope was refused: ${describe(opened)}`);
      const r = await ctx.sender.raw('ask', { session, target: ctx.target(pid), text: 'must not arrive', timeoutMs: 5000 });
      const want = ctx.sender.info.kind === AgentKind.NODE ? Code.NOT_FOUND : Code.PERMISSION_DENIED;
      check(r.result === 'error', `the request ${describe(r)}: want a typed refusal`);
      check(r.error.code === want, `the request failed with code ${r.error.code} (${r.error.message}), want ${want}`);
      await expectNothingDelivered(ctx, x, pid);
    },
  },
];
