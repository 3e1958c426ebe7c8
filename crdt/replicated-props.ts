/**
 * Props for an actor whose state is a replicated document: on Started the
 * document is opened (the actor handles nothing else until it is loaded), the
 * actor is built around its ReplicatedState, remote changes arrive as
 * DocumentChanged messages, and on Stopping/Restarting the state is closed.
 * Works for virtual actors: by default the document is the actor's id
 * (`<kind>/<identity>`), so `cart/42` owns document `cart/42`.
 *
 * @example
 *   const props = replicatedProps({
 *     registry,
 *     create: (state) => ({
 *       receive(ctx) {
 *         if (typeof ctx.message === 'string') return state.transact(() => state.kv('log').set(ctx.message, Date.now()));
 *         if (ctx.message instanceof DocumentChanged) console.log('remote edit', ctx.message.keys);
 *       },
 *     }),
 *   });
 */
import { Props, Restarting, Started, Stopping, type Actor, type Context } from '../gateway/actors/index.js';
import type { DocumentRegistry } from './document-registry.js';
import { ReplicatedState } from './replicated-state.js';

export interface ReplicatedPropsOptions {
  registry: DocumentRegistry | ((ctx: Context) => DocumentRegistry);
  /** The document; default: the actor's id. */
  document?: string | ((ctx: Context) => string);
  create(state: ReplicatedState, ctx: Context): Actor;
}

class ReplicatedActor implements Actor {
  private state: ReplicatedState | undefined;
  private inner: Actor | undefined;

  constructor(private readonly o: ReplicatedPropsOptions) {}

  async receive(ctx: Context): Promise<void> {
    const m = ctx.message;
    if (m instanceof Started) {
      const registry = typeof this.o.registry === 'function' ? this.o.registry(ctx) : this.o.registry;
      const document = this.o.document === undefined ? ctx.self.id : typeof this.o.document === 'function' ? this.o.document(ctx) : this.o.document;
      this.state = await ReplicatedState.open(registry, document, { system: ctx.system, notify: ctx.self });
      this.inner = this.o.create(this.state, ctx);
    }
    try {
      if (this.inner) await this.inner.receive(ctx);
    } finally {
      if (m instanceof Stopping || m instanceof Restarting) { this.state?.close(); this.state = undefined; }
    }
  }
}

export function replicatedProps(o: ReplicatedPropsOptions): Props {
  return Props.fromProducer(() => new ReplicatedActor(o));
}
