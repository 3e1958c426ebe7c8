/**
 * RootContext: sending, asking and spawning from outside any actor (tests,
 * transports, application code). Messages sent from here have no sender.
 */
import type { ActorSystem } from './actor-system.js';
import type { SenderContext, SpawnerContext, StopperContext } from './context.js';
import { FutureProcess } from './future.js';
import { MessageEnvelope, type MessageHeaders } from './message-envelope.js';
import { poisonPillMessage, Watch } from './messages.js';
import type { PID } from './pid.js';
import type { Props } from './props.js';

export class RootContext implements SenderContext, SpawnerContext, StopperContext {
  constructor(private readonly system: ActorSystem) {}

  send(pid: PID, message: unknown, headers?: MessageHeaders): void {
    this.system.sendUser(pid, headers ? new MessageEnvelope(message, headers) : message, undefined);
  }

  request(pid: PID, message: unknown, sender?: PID): void {
    this.system.sendUser(pid, message, sender);
  }

  requestFuture<T = unknown>(pid: PID, message: unknown, timeoutMs: number, headers?: MessageHeaders): Promise<T> {
    const f = new FutureProcess<T>(this.system.registry, timeoutMs, pid);
    this.system.sendUser(pid, headers ? new MessageEnvelope(message, headers) : message, f.pid);
    return f.promise;
  }

  spawn(props: Props): PID {
    return this.system.spawnWithId(props, this.system.registry.nextId(), undefined);
  }

  spawnNamed(props: Props, name: string): PID {
    return this.system.spawnWithId(props, name, undefined);
  }

  spawnPrefix(props: Props, prefix: string): PID {
    return this.system.spawnWithId(props, prefix + this.system.registry.nextId(), undefined);
  }

  stop(pid: PID): void {
    this.system.stop(pid);
  }

  poison(pid: PID): void {
    this.system.sendUser(pid, poisonPillMessage, undefined);
  }

  /** Resolves once the actor has stopped (Terminated observed), or on the deadline. */
  async stopFuture(pid: PID, timeoutMs = 10_000): Promise<void> {
    const f = this.watchFuture(pid, timeoutMs);
    this.system.stop(pid);
    await f;
  }

  async poisonFuture(pid: PID, timeoutMs = 10_000): Promise<void> {
    const f = this.watchFuture(pid, timeoutMs);
    this.poison(pid);
    await f;
  }

  private watchFuture(pid: PID, timeoutMs: number): Promise<unknown> {
    const f = new FutureProcess(this.system.registry, timeoutMs, pid);
    this.system.registry.resolve(pid).sendSystemMessage(pid, new Watch(f.pid));
    return f.promise;
  }
}
