/**
 * The example TS actors `rosetta dev` hosts in every tenant, so a newcomer (or a Go
 * program) can talk to the gateway at once — an actors module like any user's
 * (`rosetta start --actors ./my-actors.js`): it exports `setup(tenant)`. Each actor
 * is also what the integration tests address. Messages are strings:
 *
 * - `echo`: replies with the string it got.
 * - `trace-echo`: replies with the `traceparent` header it received (headers pass through).
 * - `sink`: counts strings "0", "1", … and answers "report" with `count=<n> ordered=<bool>`.
 * - `ephemeral`: stops itself on "stop" (watchers get Terminated{Stopped}).
 * - `requester`: on "<target id>|<payload>" requests PID{gateway, <target id>} with the payload
 *   (5 s) and responds with the reply, or with "error: <code> <message>" — so a test can have a
 *   TS actor request an actor hosted elsewhere (a JVM or WebSocket client's exposed name).
 * - virtual kind `counter`: `counter/<id>` answers "inc" and "get" with its count.
 * - virtual kind `board` (replicated state): `board/<id>` owns the Yjs document `board/<id>`;
 *   "set <key> <value>" writes map `entries` and answers "ok" once durable, "get <key>" answers the
 *   value (or ""), "entries" the map as JSON. Browsers (y-websocket, the client's SyncedDocuments),
 *   Go and JVM actors (`$crdt`) edit the same document; the actor sees their edits at once.
 * - remote-spawnable kind `echo-kind` (Proto.Actor `remote.SpawnNamed`): a fresh echo actor.
 */
import { replicatedProps, type ReplicatedState } from '../crdt/index.js';
import { PID, Props, type Actor } from '../gateway/actors/index.js';
import type { TenantSetup } from '../gateway/tenancy/index.js';

export const echoProps = Props.fromFunc((ctx) => {
  if (typeof ctx.message === 'string') ctx.respond(ctx.message);
});

function sinkProps(): Props {
  return Props.fromProducer(() => {
    let count = 0;
    let ordered = true;
    return {
      receive(ctx) {
        const m = ctx.message;
        if (typeof m !== 'string') return;
        if (m === 'report') { ctx.respond(`count=${count} ordered=${ordered}`); return; }
        if (m !== String(count)) ordered = false;
        count++;
      },
    };
  });
}

/** `requester`: a TS actor that makes a request on a client's behalf (see the header). */
export const requesterProps = Props.fromFunc((ctx) => {
  const m = ctx.message;
  if (typeof m !== 'string') return;
  const bar = m.indexOf('|');
  if (bar <= 0) { ctx.respond('error: INVALID_ARGUMENT want "<target id>|<payload>"'); return; }
  const sender = ctx.sender;
  if (sender === undefined) return;
  const target = new PID(ctx.system.address, m.slice(0, bar));
  ctx.requestFuture(target, m.slice(bar + 1), 5000).then(
    (reply) => ctx.system.root.send(sender, reply),
    (err: Error & { code?: string }) => ctx.system.root.send(sender, `error: ${err.code ?? 'UNKNOWN'} ${err.message}`),
  );
});

function counterProps(): Props {
  return Props.fromProducer(() => {
    let n = 0;
    return { receive(ctx) { if (ctx.message === 'inc') ctx.respond(String(++n)); else if (ctx.message === 'get') ctx.respond(String(n)); } };
  });
}

/** `board/<id>`: its state is the replicated document `board/<id>` (see the header). */
function board(state: ReplicatedState): Actor {
  const entries = state.map<string>('entries');
  return {
    async receive(ctx) {
      const m = ctx.message;
      if (typeof m !== 'string') return;
      const [verb, key = '', ...rest] = m.split(' ');
      if (verb === 'set' && key) { await state.transact(() => entries.set(key, rest.join(' '))); ctx.respond('ok'); }
      else if (verb === 'get') ctx.respond(String(entries.get(key) ?? ''));
      else if (verb === 'entries') ctx.respond(JSON.stringify(entries.toJSON()));
    },
  };
}

/** What `rosetta dev` lists as hosted. */
export const EXAMPLE_ACTORS = ['echo', 'trace-echo', 'sink', 'ephemeral', 'requester', 'counter/<id> (virtual)', 'board/<id> (virtual, replicated state)', 'kind echo-kind (remote spawn)'];

/** Hosts the examples in a tenant's space (the setup hook of an actors module). */
export function setup(t: TenantSetup): void {
  t.actor('echo', echoProps);
  t.actor('trace-echo', Props.fromFunc((ctx) => {
    if (typeof ctx.message === 'string') ctx.respond(ctx.headers['traceparent'] ?? '');
  }));
  t.actor('sink', sinkProps());
  t.actor('ephemeral', Props.fromFunc((ctx) => { if (ctx.message === 'stop') ctx.stop(ctx.self); }));
  t.actor('requester', requesterProps);
  t.kind('counter', counterProps(), { idleTimeoutMs: 300_000 });
  if (t.documents) t.kind('board', replicatedProps({ registry: t.documents, create: board }), { idleTimeoutMs: 300_000 });
  t.spawnable('echo-kind', echoProps);
}
