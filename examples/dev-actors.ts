/**
 * The example TS actors `rosetta dev` hosts, so a newcomer (or a Go program) can
 * talk to the gateway at once. Each is also what the integration tests address.
 *
 * - `echo`: replies with the string it got.
 * - `trace-echo`: replies with the `traceparent` header it received (headers pass through).
 * - `sink`: counts strings "0", "1", … and answers "report" with `count=<n> ordered=<bool>`.
 * - `ephemeral`: stops itself on "stop" (watchers get Terminated{Stopped}).
 * - virtual kind `counter`: `counter/<id>` answers "inc" and "get" with its count.
 * - remote-spawnable kind `echo` (Proto.Actor activator): a fresh echo actor.
 */
import { ActorSystem, Props } from '../gateway/actors/index.js';

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
  system.kinds.register('counter', counterProps(), { idleTimeoutMs: 300_000 });
  return ['echo', 'trace-echo', 'sink', 'ephemeral', 'counter/<id> (virtual)'];
}
