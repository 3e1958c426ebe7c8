/**
 * Virtual actors (Orleans/Dapr style): register a kind, and the first message
 * to `<kind>/<identity>` activates an actor under exactly that id — from any
 * sender, local or remote, because activation happens in the process registry.
 * After `idleTimeoutMs` without user messages the actor is passivated (stopped);
 * messages that arrive while it is stopping are re-sent and re-activate it, so
 * nothing is lost.
 *
 * @example
 *   system.kinds.register('counter', Props.fromProducer(() => new Counter()), { idleTimeoutMs: 60_000 });
 *   system.root.send(system.pid('counter/42'), { add: 1 });
 */
import { InvalidArgumentError } from '../../../protocol/errors.js';
import type { Receive } from '../actor.js';
import type { ActorSystem } from '../actor-system.js';
import { ActorCell } from '../actor-cell.js';
import { ActivatedEvent } from '../events.js';
import { ReceiveTimeout, Started } from '../messages.js';
import type { PID } from '../pid.js';
import type { Process } from '../process.js';
import type { Props } from '../props.js';

export interface KindOptions {
  /** Passivate after this long without user messages; 0 keeps activations forever. Default 10 minutes. */
  idleTimeoutMs?: number;
}

interface Kind {
  props: Props;
  idleTimeoutMs: number;
}

const KIND_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

export class KindRegistry {
  private readonly kinds = new Map<string, Kind>();
  private unregisterResolver: (() => void) | undefined;

  constructor(private readonly system: ActorSystem) {}

  /** Throws InvalidArgumentError for a bad name or a duplicate kind. */
  register(kind: string, props: Props, options: KindOptions = {}): void {
    if (!KIND_NAME.test(kind)) throw new InvalidArgumentError(`invalid kind name '${kind}' (letters, digits, '_', '.', '-')`);
    if (this.kinds.has(kind)) throw new InvalidArgumentError(`kind '${kind}' is already registered`);
    const idleTimeoutMs = options.idleTimeoutMs ?? 600_000;
    this.kinds.set(kind, { props: idleTimeoutMs > 0 ? props.withReceiveMiddleware(passivateAfter(idleTimeoutMs)) : props, idleTimeoutMs });
    this.unregisterResolver ??= this.system.registry.registerLocalResolver((pid) => this.activate(pid));
  }

  has(kind: string): boolean {
    return this.kinds.has(kind);
  }

  list(): string[] {
    return [...this.kinds.keys()];
  }

  clear(): void {
    this.kinds.clear();
    this.unregisterResolver?.();
    this.unregisterResolver = undefined;
  }

  private activate(pid: PID): Process | undefined {
    const slash = pid.id.indexOf('/');
    if (slash <= 0 || slash === pid.id.length - 1) return undefined;
    const kindName = pid.id.slice(0, slash);
    const kind = this.kinds.get(kindName);
    if (kind === undefined) return undefined;
    const identity = pid.id.slice(slash + 1);
    const spawned = this.system.spawnWithId(kind.props, pid.id, undefined);
    const cell = spawned._p as ActorCell;
    cell.extras.virtual = { kind: kindName, identity };
    this.system.eventStream.publish(new ActivatedEvent(spawned, kindName, identity));
    return cell;
  }
}

/** Middleware: arm the idle timer on start, stop the actor when it fires. */
function passivateAfter(idleTimeoutMs: number) {
  return (next: Receive): Receive => (ctx) => {
    const m = ctx.message;
    if (m instanceof Started) {
      ctx.setReceiveTimeout(idleTimeoutMs);
      return next(ctx);
    }
    if (m instanceof ReceiveTimeout) {
      const r = next(ctx);
      ctx.stop(ctx.self);
      return r;
    }
    return next(ctx);
  };
}
