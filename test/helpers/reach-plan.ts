/**
 * What the reach property test draws with fast-check: a plan of principals (tenant,
 * subject, transport, `perm` rules) and a handful of actions, as abstract choices
 * that each run makes concrete — ids carry the run number, addresses are the run's
 * Go nodes, pool ports and aliases — so runs never share state and a shrunk
 * counterexample reads as a story.
 */
import fc from 'fast-check';

export const TENANTS = ['acme', 'globex', 'initech'] as const;
export type Tenant = (typeof TENANTS)[number];

/**
 * Node addresses: the actor's tenant's own Go node, another tenant's, the spare node nobody holds,
 * the gateway's own, free loopback ports, one outside `127.0.0.1:*`, and `localhost:<port>` aliases
 * of another tenant's node (i 0, 1) or of the spare node (i 2).
 */
export type AddrChoice =
  | { k: 'own-go' } | { k: 'other-go'; i: number } | { k: 'spare' } | { k: 'gateway' } | { k: 'pool'; i: number } | { k: 'outside' } | { k: 'alias'; i: number };
/** Symbolic patterns: 'counter:0' (a run's counter), 'name:1', 'names/*', 'own-go', 'pool:0', 'spare', '*:spare', or literal. */
export type Pattern = string;
export interface RuleChoice { allow?: Pattern[]; deny?: Pattern[] }
export interface Principal {
  tenant: Tenant;
  subject: string;
  transport: 'ws' | 'grpc';
  /** A gRPC client's member id, from a small pool shared by all tenants (collisions are part of the test). */
  member: number;
  send?: RuleChoice;
  register?: RuleChoice;
  node?: RuleChoice;
}
/** `empty`: the PID written with an empty address, which means "mine" to whoever claims it. */
export type PidChoice = { k: 'own' } | { k: 'other'; i: number; empty: boolean } | { k: 'gateway-counter' } | { k: 'empty-counter' } | { k: 'go-echo' };
export type TargetChoice =
  | { k: 'counter'; c: number } | { k: 'name'; i: number } | { k: 'echo' }
  | { k: 'relay'; addr: AddrChoice; echo: boolean } | { k: 'full'; addr: AddrChoice; echo: boolean }
  | { k: 'actor'; i: number; relay: boolean } | { k: 'bad-relay'; nested: boolean };
export type SenderChoice = { k: 'none' } | { k: 'own' } | { k: 'other'; i: number; empty: boolean } | { k: 'gateway-actor'; empty: boolean } | { k: 'other-address' };
/** Names 0 and 1 are the run's; 2.. are hostile: an existing actor id, a virtual actor's id, a session-shaped id. */
export type Action =
  | { a: 'declare'; p: number; addr: AddrChoice }
  | { a: 'name'; op: 'register' | 'unregister'; actor: number; name: number; pid: PidChoice; replace: boolean }
  | { a: 'send'; actor: number; target: TargetChoice; sender: SenderChoice }
  | { a: 'request'; actor: number; target: TargetChoice }
  /** Ends a connection: its names go, its session's PIDs are dead, a node address it alone held is free. */
  | { a: 'close'; actor: number };
export interface Plan { principals: Principal[]; actions: Action[] }

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>): fc.WeightedArbitrary<T> => ({ weight, arbitrary });

export const addrArb: fc.Arbitrary<AddrChoice> = fc.oneof(
  w(4, fc.constant({ k: 'own-go' as const })), w(2, fc.record({ k: fc.constant('other-go' as const), i: fc.nat(1) })),
  w(2, fc.constant({ k: 'spare' as const })), w(1, fc.constant({ k: 'gateway' as const })),
  w(2, fc.record({ k: fc.constant('pool' as const), i: fc.nat(1) })), w(1, fc.constant({ k: 'outside' as const })),
  w(1, fc.record({ k: fc.constant('alias' as const), i: fc.nat(2) })),
);
const sendAllow = fc.constantFrom('counter:0', 'counter:1', 'counter:2', 'counter/*', 'counter/>', 'name:0', 'name:1', 'names/*', 'echo', '$registry', '>', '*/inbox', '$client/>');
// No deny pattern matches the nodes' marker counters (counter/mark/…).
const sendDeny = fc.constantFrom('counter:0', 'counter:1', 'counter/*', 'name:0', 'names/*', 'echo', '$registry', '*/inbox');
const registerPattern = fc.constantFrom('name:0', 'name:1', 'names/*', '>', 'echo');
const nodeAllow = fc.constantFrom('127.0.0.1:*', 'own-go', 'pool:0', '*:spare', '>');
const nodeDeny = fc.constantFrom('spare', '127.0.0.2:*', 'own-go', 'localhost:*');
const rule = (allow: fc.Arbitrary<string>, deny: fc.Arbitrary<string>): fc.Arbitrary<RuleChoice | undefined> => fc.option(fc.record({
  allow: fc.option(fc.array(allow, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  deny: fc.option(fc.array(deny, { minLength: 1, maxLength: 2 }), { nil: undefined }),
}, { requiredKeys: [] }), { nil: undefined, freq: 2 });

export const principalArb: fc.Arbitrary<Principal> = fc.record({
  tenant: fc.constantFrom(...TENANTS), subject: fc.constantFrom('alice', 'bob'), transport: fc.constantFrom('ws' as const, 'grpc' as const), member: fc.nat(3),
  send: rule(sendAllow, sendDeny), register: rule(registerPattern, registerPattern), node: rule(nodeAllow, nodeDeny),
}, { requiredKeys: ['tenant', 'subject', 'transport', 'member'] });

const pidArb: fc.Arbitrary<PidChoice> = fc.oneof(
  w(3, fc.constant({ k: 'own' as const })), w(2, fc.record({ k: fc.constant('other' as const), i: fc.nat(7), empty: fc.boolean() })),
  w(1, fc.constant({ k: 'gateway-counter' as const })), w(1, fc.constant({ k: 'empty-counter' as const })), w(1, fc.constant({ k: 'go-echo' as const })),
);
const echoMostly = fc.oneof(w(3, fc.constant(true)), w(1, fc.constant(false)));
const targetArb: fc.Arbitrary<TargetChoice> = fc.oneof(
  w(3, fc.record({ k: fc.constant('counter' as const), c: fc.nat(2) })), w(3, fc.record({ k: fc.constant('name' as const), i: fc.nat(1) })),
  w(1, fc.constant({ k: 'echo' as const })),
  w(3, fc.record({ k: fc.constant('relay' as const), addr: addrArb, echo: echoMostly })),
  w(1, fc.record({ k: fc.constant('full' as const), addr: addrArb, echo: echoMostly })),
  w(2, fc.record({ k: fc.constant('actor' as const), i: fc.nat(7), relay: fc.boolean() })),
  w(1, fc.record({ k: fc.constant('bad-relay' as const), nested: fc.boolean() })),
);
const senderArb: fc.Arbitrary<SenderChoice> = fc.oneof(
  w(3, fc.constant({ k: 'none' as const })), w(1, fc.constant({ k: 'own' as const })),
  w(1, fc.record({ k: fc.constant('other' as const), i: fc.nat(7), empty: fc.boolean() })),
  w(1, fc.record({ k: fc.constant('gateway-actor' as const), empty: fc.boolean() })), w(1, fc.constant({ k: 'other-address' as const })),
);
export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  w(2, fc.record({ a: fc.constant('declare' as const), p: fc.nat(4), addr: addrArb })),
  w(3, fc.record({
    a: fc.constant('name' as const), op: fc.constantFrom('register' as const, 'register' as const, 'register' as const, 'unregister' as const),
    actor: fc.nat(7), name: fc.oneof(w(6, fc.nat(1)), w(1, fc.integer({ min: 2, max: 4 }))), pid: pidArb, replace: fc.boolean(),
  })),
  w(4, fc.record({ a: fc.constant('send' as const), actor: fc.nat(7), target: targetArb, sender: senderArb })),
  w(3, fc.record({ a: fc.constant('request' as const), actor: fc.nat(7), target: targetArb })),
  w(1, fc.record({ a: fc.constant('close' as const), actor: fc.nat(7) })),
);
export const planArb: fc.Arbitrary<Plan> = fc.record({
  principals: fc.array(principalArb, { minLength: 2, maxLength: 5 }),
  actions: fc.array(actionArb, { minLength: 3, maxLength: 12 }),
});
