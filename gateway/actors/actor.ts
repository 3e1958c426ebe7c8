/**
 * The actor contract, Proto.Actor style: one `receive(ctx)` per message. If it
 * returns a promise, the actor processes nothing else until it settles, and a
 * rejection is a failure handled by supervision.
 */
import type { Context } from './context.js';

export interface Actor {
  receive(ctx: Context): void | Promise<void>;
}

/** A function actor or a behaviour installed with `ctx.become`. */
export type Receive = (ctx: Context) => void | Promise<void>;

export type Producer = () => Actor;
