/**
 * Routers as actors: a **group** routes over PIDs it is given; a **pool** spawns
 * `size` routees as its children (so it supervises them with its Props'
 * strategy). Either way a routee that stops is removed (the router watches it),
 * and the management messages add, remove, list and broadcast.
 *
 * @example
 *   const pool = system.root.spawn(Routers.roundRobinPool(worker, 4));
 *   const group = system.root.spawn(Routers.consistentHashGroup([a, b, c]));
 */
import type { Context } from '../context.js';
import { MessageEnvelope } from '../message-envelope.js';
import { Started, Terminated, isSystemMessage } from '../messages.js';
import { pidKey, type PID } from '../pid.js';
import { Props } from '../props.js';
import { ConsistentHashStrategy } from './consistent-hash.js';
import { AddRoutee, BroadcastMessage, GetRoutees, RemoveRoutee, Routees } from './router-messages.js';
import { BroadcastStrategy, RandomStrategy, RoundRobinStrategy, type RoutingStrategy } from './routing-strategy.js';

type Source = { kind: 'group'; pids: readonly PID[] } | { kind: 'pool'; props: Props; size: number };

function routerProps(source: Source, makeStrategy: () => RoutingStrategy): Props {
  return Props.fromProducer(() => {
    const strategy = makeStrategy();
    const routees = new Map<string, PID>();
    const update = (): void => strategy.setRoutees([...routees.values()]);
    const add = (ctx: Context, pid: PID): void => {
      if (routees.has(pidKey(pid))) return;
      routees.set(pidKey(pid), pid);
      ctx.watch(pid);
      update();
    };
    return {
      receive(ctx: Context) {
        const m = ctx.message;
        if (m instanceof Started) {
          if (source.kind === 'group') for (const pid of source.pids) add(ctx, pid);
          else for (let i = 0; i < source.size; i++) add(ctx, ctx.spawn(source.props));
        } else if (m instanceof Terminated) {
          if (routees.delete(pidKey(m.who))) update();
        } else if (m instanceof AddRoutee) add(ctx, m.pid);
        else if (m instanceof RemoveRoutee) {
          if (routees.delete(pidKey(m.pid))) { ctx.unwatch(m.pid); update(); }
        } else if (m instanceof GetRoutees) ctx.respond(new Routees([...routees.values()]));
        else if (m instanceof BroadcastMessage) {
          for (const pid of routees.values()) ctx.system.sendUser(pid, wrap(ctx, m.message), ctx.sender);
        } else if (!isSystemMessage(m)) {
          for (const pid of strategy.select(m)) ctx.forward(pid);
        }
      },
    };
  });
}

function wrap(ctx: Context, message: unknown): unknown {
  const h = ctx.headers;
  return Object.keys(h).length > 0 ? new MessageEnvelope(message, h) : message;
}

export const Routers = {
  roundRobinGroup: (pids: readonly PID[]) => routerProps({ kind: 'group', pids }, () => new RoundRobinStrategy()),
  roundRobinPool: (props: Props, size: number) => routerProps({ kind: 'pool', props, size }, () => new RoundRobinStrategy()),
  randomGroup: (pids: readonly PID[], random?: () => number) => routerProps({ kind: 'group', pids }, () => new RandomStrategy(random)),
  randomPool: (props: Props, size: number, random?: () => number) => routerProps({ kind: 'pool', props, size }, () => new RandomStrategy(random)),
  broadcastGroup: (pids: readonly PID[]) => routerProps({ kind: 'group', pids }, () => new BroadcastStrategy()),
  broadcastPool: (props: Props, size: number) => routerProps({ kind: 'pool', props, size }, () => new BroadcastStrategy()),
  consistentHashGroup: (pids: readonly PID[], replicas?: number) => routerProps({ kind: 'group', pids }, () => new ConsistentHashStrategy(replicas)),
  consistentHashPool: (props: Props, size: number, replicas?: number) => routerProps({ kind: 'pool', props, size }, () => new ConsistentHashStrategy(replicas)),
};
