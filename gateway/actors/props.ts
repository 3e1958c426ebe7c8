/**
 * Props: the recipe for spawning an actor (how to produce it, its mailbox,
 * dispatcher throughput and the strategy it uses to supervise its children).
 * Immutable; every `with…` returns a new Props.
 *
 * @example
 *   const props = Props.fromFunc((ctx) => { if (typeof ctx.message === 'string') ctx.respond(ctx.message) })
 *     .withMailbox({ capacity: 1000, overflow: 'reject' });
 *   const pid = system.root.spawn(props);
 */
import type { Actor, Producer, Receive } from './actor.js';
import { DEFAULT_THROUGHPUT, type MailboxOptions } from './mailbox-options.js';
import { defaultSupervisorStrategy } from './supervision/one-for-one.js';
import type { SupervisorStrategy } from './supervision/supervisor-strategy.js';
import type { VirtualKind } from './virtual/virtual-kind.js';

/** Wraps receive: `(next) => (ctx) => …`, outermost first. */
export type ReceiveMiddleware = (next: Receive) => Receive;

interface PropsConfig {
  producer: Producer;
  mailbox: MailboxOptions | undefined;
  throughput: number;
  supervisor: SupervisorStrategy;
  middleware: readonly ReceiveMiddleware[];
  kind: VirtualKind | undefined;
}

export class Props {
  // Plain fields (not getters over a config object): read on every send.
  readonly producer: Producer;
  readonly mailbox: MailboxOptions | undefined;
  readonly throughput: number;
  readonly supervisorStrategy: SupervisorStrategy;
  readonly receiveMiddleware: readonly ReceiveMiddleware[];
  /**
   * @internal Set on the Props a kind registry activates its kind with: a cell knows
   * it is virtual, and its kind, from its props — nothing stored per actor.
   */
  readonly virtualKind: VirtualKind | undefined;

  private constructor(private readonly cfg: PropsConfig) {
    this.producer = cfg.producer;
    this.mailbox = cfg.mailbox;
    this.throughput = cfg.throughput;
    this.supervisorStrategy = cfg.supervisor;
    this.receiveMiddleware = cfg.middleware;
    this.virtualKind = cfg.kind;
  }

  static fromProducer(producer: Producer): Props {
    return new Props({ producer, mailbox: undefined, throughput: DEFAULT_THROUGHPUT, supervisor: defaultSupervisorStrategy, middleware: [], kind: undefined });
  }

  /** A stateless function actor; one shared instance serves every spawn. */
  static fromFunc(receive: Receive): Props {
    const shared: Actor = { receive };
    return Props.fromProducer(() => shared);
  }

  withProducer(producer: Producer): Props { return new Props({ ...this.cfg, producer }); }

  withMailbox(mailbox: MailboxOptions): Props {
    if (mailbox.capacity !== undefined && !(Number.isInteger(mailbox.capacity) && mailbox.capacity > 0)) {
      throw new RangeError(`mailbox capacity must be a positive integer, got ${mailbox.capacity}`);
    }
    return new Props({ ...this.cfg, mailbox: { ...mailbox } });
  }

  /** Messages per turn before the mailbox yields to other actors. */
  withDispatcher(options: { throughput: number }): Props {
    if (!(Number.isInteger(options.throughput) && options.throughput > 0)) {
      throw new RangeError(`throughput must be a positive integer, got ${options.throughput}`);
    }
    return new Props({ ...this.cfg, throughput: options.throughput });
  }

  withSupervisor(strategy: SupervisorStrategy): Props { return new Props({ ...this.cfg, supervisor: strategy }); }

  /** @internal The kind registry's copy of a kind's props. */
  forVirtualKind(kind: VirtualKind): Props { return new Props({ ...this.cfg, kind }); }

  withReceiveMiddleware(...middleware: ReceiveMiddleware[]): Props {
    return new Props({ ...this.cfg, middleware: [...this.cfg.middleware, ...middleware] });
  }
}
