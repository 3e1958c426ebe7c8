/**
 * The example TS actors `rosetta dev` hosts, so a newcomer (or a Go program) can
 * talk to the gateway at once. Each is also what the integration tests address.
 *
 * - `echo`: replies with the string it got.
 * - `trace-echo`: replies with the `traceparent` header it received (headers pass through).
 * - `sink`: counts strings "0", "1", … and answers "report" with `count=<n> ordered=<bool>`.
 * - `ephemeral`: stops itself on "stop" (watchers get Terminated{Stopped}).
 * - `requester`: on "<target id>|<payload>" requests PID{gateway, <target id>} with the payload
 *   (5 s) and responds with the reply, or with "error: <code> <message>" — so a test can have a
 *   TS actor request an actor hosted elsewhere (a JVM or WebSocket client's exposed name).
 * - virtual kind `counter`: `counter/<id>` answers "inc" and "get" with its count.
 * - remote-spawnable kind `echo` (Proto.Actor activator): a fresh echo actor.
 */
import { ActorSystem, PID, Props } from '../gateway/actors/index.js';

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

/** Hosts the examples in one actor system (with tenants: in every tenant's space). */
export function hostExampleActors(system: ActorSystem): string[] {
  system.root.spawnNamed(echoProps, 'echo');
  system.root.spawnNamed(Props.fromFunc((ctx) => {
    if (typeof ctx.message === 'string') ctx.respond(ctx.headers['traceparent'] ?? '');
  }), 'trace-echo');
  system.root.spawnNamed(sinkProps(), 'sink');
  system.root.spawnNamed(Props.fromFunc((ctx) => { if (ctx.message === 'stop') ctx.stop(ctx.self); }), 'ephemeral');
  system.root.spawnNamed(requesterProps, 'requester');
  system.kinds.register('counter', counterProps(), { idleTimeoutMs: 300_000 });
  return ['echo', 'trace-echo', 'sink', 'ephemeral', 'requester', 'counter/<id> (virtual)'];
}
