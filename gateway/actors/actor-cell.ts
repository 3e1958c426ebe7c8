/**
 * ActorCell: one live actor. It is at once the actor's mailbox (by inheritance),
 * its Process (what its PID resolves to), the Context its `receive` sees, and
 * the Supervisor of its children — one object per actor, as Proto.Actor's
 * actorContext, so an idle actor costs a few pointers.
 *
 * Lifecycle follows Proto.Actor: Started → … → (Stopping → children stop →
 * Stopped → watchers and parent get Terminated) or, on failure, the mailbox is
 * suspended and the parent's strategy decides (Resume / Restart: Restarting →
 * children stop → new instance → Started, stash replayed / Stop / Escalate).
 *
 * A virtual actor's cell is an ordinary cell whose Props carry its kind: no
 * timer, middleware or extras of its own. Each user message sets the cell's
 * "used" bit; the kind registry's sweep reads and ages it (cell-flags.ts) and
 * flags cells idle past their kind's timeout for passivation.
 */
import { ResourceExhaustedError } from '../../protocol/errors.js';
import type { Actor, Receive } from './actor.js';
import type { ActorSystem } from './actor-system.js';
import { CellExtras } from './cell-extras.js';
import type { Context } from './context.js';
import type { Dispatcher } from './dispatcher.js';
import { ActorFailureEvent, ActorRestartedEvent, ActorStartedEvent, ActorStoppedEvent, MailboxOverflowEvent, SupervisorEvent } from './events.js';
import {
  F_BUSY, F_DEAD, F_NOT_IDLE, F_PASSIVATE_IF_IDLE, F_PASSIVATE_IF_UNUSED, F_RESTARTING, F_SCHEDULED, F_STOPPING, F_SERVICE, F_SUSPENDED, F_USED, F_VIRTUAL,
} from './cell-flags.js';
import { Mailbox } from './mailbox.js';
import type { MailboxOptions } from './mailbox-options.js';
import { MessageEnvelope, emptyHeaders, type MessageHeaders } from './message-envelope.js';
import {
  Failure, ReceiveTimeout, Restart, ResumeMailbox, Started, Stop, SuspendMailbox, Terminated, TerminatedReason, Unwatch, Watch,
  poisonPillMessage, receiveTimeoutMessage, startedMessage, restartMessage, restartingMessage, resumeMailboxMessage, stopMessage, stoppedMessage, stoppingMessage,
} from './messages.js';
import { PID, pidKey } from './pid.js';
import type { Process } from './process.js';
import type { Props } from './props.js';
import type { Supervisor } from './supervision/supervisor-strategy.js';
import type { Cancelable } from './timers.js';
import type { VirtualKind } from './virtual/virtual-kind.js';

export class ActorCell extends Mailbox implements Process, Context, Supervisor {
  actor: Actor;
  x: CellExtras | null = null;
  private _msg: unknown = undefined;
  private _sender: PID | undefined = undefined;

  /**
   * The cell keeps its id, not a PID object: an idle actor then costs ~40 bytes
   * less. `self` builds the PID on first use and caches it in the extras.
   */
  constructor(readonly system: ActorSystem, readonly id: string, readonly props: Props, parent: PID | undefined) {
    super();
    if (props.virtualKind !== undefined) this.flags = F_VIRTUAL;
    if (parent !== undefined) this.extras.parent = parent;
    if (props.receiveMiddleware.length > 0) this.extras.middleware = this.composeMiddleware();
    this.actor = props.producer();
  }

  // ---- Mailbox plumbing -------------------------------------------------
  protected get dispatcher(): Dispatcher { return this.system.dispatcher; }
  protected get throughput(): number { return this.props.throughput; }
  protected get mailboxOptions(): MailboxOptions | undefined { return this.props.mailbox; }

  get extras(): CellExtras { return (this.x ??= new CellExtras()); }

  get self(): PID {
    const x = this.x;
    if (x !== null) {
      const pid = x.self;
      if (pid !== undefined) return pid;
    }
    return this.createSelf();
  }

  private createSelf(): PID {
    const pid = (this.extras.self = new PID(this.system.registry.address, this.id));
    pid._p = this;
    return pid;
  }
  /** The PID to name in a dead letter: the cached one, or a transient one (a dead letter is no reason to grow the cell). */
  private letterPid(): PID {
    return this.x?.self ?? new PID(this.system.registry.address, this.id);
  }

  get dead(): boolean { return (this.flags & F_DEAD) !== 0; }

  // ---- Process ------------------------------------------------------------
  sendUserMessage(_pid: PID, message: unknown, sender?: PID): void {
    if ((this.flags & F_DEAD) !== 0) this.system.deadLetters.sendUserMessage(this.letterPid(), message, sender);
    else this.postUser(message, sender);
  }

  sendSystemMessage(_pid: PID, message: unknown): void {
    if ((this.flags & F_DEAD) !== 0) this.system.deadLetters.sendSystemMessage(this.letterPid(), message);
    else this.postSystem(message);
  }

  stop(pid: PID): void {
    if (pid.id === this.id && this.system.registry.isLocal(pid)) this.sendSystemMessage(pid, stopMessage);
    else this.system.stop(pid);
  }

  /** @internal Posts Stop unless already stopping (shutdown's path: no PID needed). */
  requestStop(): void {
    if ((this.flags & (F_DEAD | F_STOPPING)) === 0) this.postSystem(stopMessage);
  }

  /**
   * @internal Asks this virtual actor to passivate when its mailbox next runs (after
   * its system messages); it stays if a message came meanwhile (or, `unusedOnly`,
   * if it was used since the last sweep). Sets a flag: nothing is allocated.
   */
  passivate(unusedOnly: boolean): void {
    const f = this.flags;
    if ((f & (F_DEAD | F_STOPPING)) !== 0) return;
    this.flags = f | (unusedOnly ? F_PASSIVATE_IF_UNUSED : F_PASSIVATE_IF_IDLE);
    if ((f & F_SCHEDULED) === 0) this.schedule();
  }

  protected passivationRequested(unusedOnly: boolean): void {
    // Running now, so F_SCHEDULED is set: test the other not-idle bits.
    if ((this.flags & ((F_NOT_IDLE | F_SUSPENDED) & ~F_SCHEDULED)) !== 0 || this.userCount > 0) return;
    if (unusedOnly && (this.flags & F_USED) !== 0) return;
    this.handleStop();
  }

  protected reportOverflow(message: unknown, sender: PID | undefined, policy: 'reject' | 'drop-newest' | 'drop-oldest', capacity: number): void {
    this.system.mailboxOverflows++;
    this.system.metrics.mailboxOverflows.add();
    this.system.eventStream.publish(new MailboxOverflowEvent(this.self, message, policy, capacity));
    if (policy === 'reject' && sender !== undefined) {
      this.system.sendUser(sender, new ResourceExhaustedError(`mailbox of ${this.id} is full (capacity ${capacity})`), undefined);
    }
  }

  // ---- Message invocation -------------------------------------------------
  protected invokeUser(message: unknown, sender: PID | undefined): void {
    this.flags |= F_USED;
    this._msg = message;
    this._sender = sender;
    const x = this.x;
    if (x === null) {
      if (message === poisonPillMessage) { this.handleStop(); return; }
      try {
        const r = this.actor.receive(this);
        if (r !== undefined) this.awaitReceive(r);
        else this._msg = this._sender = undefined;
      } catch (err) {
        this.escalateFailure(err, message);
      }
      return;
    }
    if (x.receiveTimer !== null && !(message instanceof ReceiveTimeout)) x.receiveTimer.refresh();
    if (message === poisonPillMessage) { this.handleStop(); return; }
    try {
      const r = this.dispatch(x);
      if (r !== undefined) this.awaitReceive(r);
      else this._msg = this._sender = undefined;
    } catch (err) {
      this.escalateFailure(err, message);
    }
  }

  private dispatch(x: CellExtras): void | Promise<void> {
    if (x.middleware !== null) return x.middleware(this);
    const b = x.behaviors;
    return b !== null && b.length > 0 ? b[b.length - 1]!(this) : this.actor.receive(this);
  }

  private awaitReceive(r: void | Promise<void>): void {
    if (typeof (r as Promise<void>)?.then !== 'function') { this._msg = this._sender = undefined; return; }
    const message = this._msg;
    this.flags |= F_BUSY;
    (r as Promise<void>).then(
      () => { this.flags &= ~F_BUSY; this._msg = this._sender = undefined; this.wake(); },
      (err) => { this.flags &= ~F_BUSY; this.escalateFailure(err, message); this.wake(); },
    );
  }

  /** Lifecycle messages go through receive too; a failure in Stopping/Stopped is reported, not supervised. */
  private invokeLifecycle(message: unknown, supervised: boolean): void {
    this._msg = message;
    this._sender = undefined;
    try {
      const r = this.x === null ? this.actor.receive(this) : this.dispatch(this.x);
      if (r !== undefined && typeof (r as Promise<void>).then === 'function') {
        if (supervised) { this.awaitReceive(r); return; }
        (r as Promise<void>).catch((err) => this.system.eventStream.publish(new ActorFailureEvent(this.self, err, message)));
      }
    } catch (err) {
      if (supervised) this.escalateFailure(err, message);
      else this.system.eventStream.publish(new ActorFailureEvent(this.self, err, message));
    }
    this._msg = undefined;
  }

  protected invokeSystem(message: unknown): void {
    if ((this.flags & F_DEAD) !== 0) { this.system.deadLetters.sendSystemMessage(this.letterPid(), message); return; }
    if (message instanceof Started) {
      this.invokeLifecycle(message, true);
      if (this.system.eventStream.hasSubscribers) this.system.eventStream.publish(new ActorStartedEvent(this.self));
    } else if (message instanceof Stop) this.handleStop();
    else if (message instanceof Watch) this.handleWatch(message.watcher);
    else if (message instanceof Unwatch) this.extras.watchers?.delete(pidKey(message.watcher));
    else if (message instanceof Terminated) this.handleTerminated(message);
    else if (message instanceof Failure) this.handleChildFailure(message);
    else if (message instanceof Restart) this.handleRestart();
    else if (message instanceof ResumeMailbox) this.flags &= ~F_SUSPENDED;
    else if (message instanceof SuspendMailbox) this.flags |= F_SUSPENDED;
    else this.invokeUser(message, undefined);
  }

  // ---- Context: message -------------------------------------------------------
  get message(): unknown {
    const m = this._msg;
    return m instanceof MessageEnvelope ? m.message : m;
  }
  get headers(): MessageHeaders {
    const m = this._msg;
    return m instanceof MessageEnvelope ? m.headers : emptyHeaders;
  }
  get sender(): PID | undefined { return this._sender; }
  get parent(): PID | undefined { return this.x?.parent; }
  get children(): readonly PID[] {
    const c = this.x?.children;
    return c ? [...c.values()] : [];
  }

  respond(message: unknown): void {
    const s = this._sender;
    if (s !== undefined) this.system.sendUser(s, message, undefined);
    else this.system.deadLetters.sendUserMessage(this.letterPid(), message, undefined);
  }

  forward(pid: PID): void {
    this.system.sendUser(pid, this._msg, this._sender);
  }

  send(pid: PID, message: unknown, headers?: MessageHeaders): void {
    this.system.sendUser(pid, headers ? new MessageEnvelope(message, headers) : message, undefined);
  }

  request(pid: PID, message: unknown, sender: PID = this.self): void {
    this.system.sendUser(pid, message, sender);
  }

  requestFuture<T = unknown>(pid: PID, message: unknown, timeoutMs: number, headers?: MessageHeaders): Promise<T> {
    return this.system.root.requestFuture<T>(pid, message, timeoutMs, headers);
  }

  // ---- Context: spawning and stopping ---------------------------------------------
  spawn(props: Props): PID {
    return this.spawnChild(props, this.id + '/' + this.system.registry.nextId());
  }
  spawnNamed(props: Props, name: string): PID {
    return this.spawnChild(props, this.id + '/' + name);
  }
  spawnPrefix(props: Props, prefix: string): PID {
    return this.spawnChild(props, this.id + '/' + prefix + this.system.registry.nextId());
  }
  private spawnChild(props: Props, id: string): PID {
    const pid = this.system.spawnWithId(props, id, this.self);
    (this.extras.children ??= new Map()).set(pid.id, pid);
    return pid;
  }

  poison(pid: PID): void { this.system.sendUser(pid, poisonPillMessage, undefined); }
  stopFuture(pid: PID, timeoutMs?: number): Promise<void> { return this.system.root.stopFuture(pid, timeoutMs); }
  poisonFuture(pid: PID, timeoutMs?: number): Promise<void> { return this.system.root.poisonFuture(pid, timeoutMs); }

  watch(pid: PID): void {
    this.system.registry.resolve(pid).sendSystemMessage(pid, new Watch(this.self));
  }
  unwatch(pid: PID): void {
    this.system.registry.resolve(pid).sendSystemMessage(pid, new Unwatch(this.self));
  }

  // ---- Context: receive timeout, behaviours, stash, timers -----------------------------
  get receiveTimeout(): number { return this.x?.receiveTimeoutMs ?? 0; }

  setReceiveTimeout(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`receive timeout must be ≥ 0 ms, got ${ms}`);
    if (ms === 0) { this.cancelReceiveTimeout(); return; }
    const x = this.extras;
    if (x.receiveTimer !== null) clearTimeout(x.receiveTimer);
    x.receiveTimeoutMs = ms;
    x.receiveTimer = setTimeout(() => { if (!this.dead) this.postUser(receiveTimeoutMessage, undefined); }, ms);
    x.receiveTimer.unref();
  }

  cancelReceiveTimeout(): void {
    const x = this.x;
    if (x === null || x.receiveTimer === null) return;
    clearTimeout(x.receiveTimer);
    x.receiveTimer = null;
    x.receiveTimeoutMs = 0;
  }

  become(receive: Receive): void { this.extras.behaviors = [receive]; }
  becomeStacked(receive: Receive): void { (this.extras.behaviors ??= []).push(receive); }
  unbecome(): void { this.x?.behaviors?.pop(); }

  stash(): void {
    this.extras.stashQueue.push2(this._msg, this._sender);
  }

  unstashAll(): void {
    const st = this.x?.stash;
    if (!st || st.isEmpty()) return;
    const items: unknown[] = [];
    while (!st.isEmpty()) items.push(st.shift());
    for (let i = items.length - 2; i >= 0; i -= 2) this.requeueFront(items[i], items[i + 1] as PID | undefined);
    this.wake();
  }

  scheduleOnce(delayMs: number, pid: PID, message: unknown): Cancelable {
    return this.extras.timerSet.once(delayMs, () => this.system.sendUser(pid, message, undefined));
  }
  scheduleRepeatedly(initialDelayMs: number, intervalMs: number, pid: PID, message: unknown): Cancelable {
    return this.extras.timerSet.repeatedly(initialDelayMs, intervalMs, () => this.system.sendUser(pid, message, undefined));
  }

  // ---- Watch and termination ---------------------------------------------------
  private handleWatch(watcher: PID): void {
    if ((this.flags & F_STOPPING) !== 0) {
      this.system.registry.resolve(watcher).sendSystemMessage(watcher, new Terminated(this.self, TerminatedReason.Stopped));
      return;
    }
    (this.extras.watchers ??= new Map()).set(pidKey(watcher), watcher);
  }

  private handleTerminated(t: Terminated): void {
    const children = this.x?.children;
    if (children && this.system.registry.isLocal(t.who)) children.delete(t.who.id);
    this.invokeLifecycle(t, true);
    this.tryRestartOrTerminate();
  }

  private handleStop(): void {
    if ((this.flags & (F_STOPPING | F_DEAD)) !== 0) return;
    this.flags |= F_STOPPING;
    this.flags &= ~F_RESTARTING;
    this.cancelTimers();
    this.invokeLifecycle(stoppingMessage, false);
    this.stopAllChildren();
    this.tryRestartOrTerminate();
  }

  private handleRestart(): void {
    if ((this.flags & (F_STOPPING | F_DEAD)) !== 0) return;
    this.flags |= F_RESTARTING;
    this.cancelTimers();
    this.invokeLifecycle(restartingMessage, false);
    this.stopAllChildren();
    this.tryRestartOrTerminate();
  }

  private tryRestartOrTerminate(): void {
    const c = this.x?.children;
    if (c && c.size > 0) return;
    if ((this.flags & F_STOPPING) !== 0) this.finalizeStop();
    else if ((this.flags & F_RESTARTING) !== 0) this.restart();
  }

  private restart(): void {
    this.flags &= ~(F_RESTARTING | F_SUSPENDED | F_BUSY);
    this.actor = this.props.producer();
    const x = this.x;
    if (x !== null) x.behaviors = null;
    this.invokeLifecycle(startedMessage, true);
    if (this.system.eventStream.hasSubscribers) this.system.eventStream.publish(new ActorRestartedEvent(this.self, undefined));
    this.unstashAll();
    this.wake();
  }

  private finalizeStop(): void {
    const system = this.system;
    const { registry, eventStream } = system;
    registry.remove(this.id, this);
    this.invokeLifecycle(stoppedMessage, false);
    this.flags |= F_DEAD;
    this.flags &= ~F_SUSPENDED;
    const x = this.x;
    const kind = this.props.virtualKind;
    // Queued and stashed messages are never dropped silently: a virtual actor's
    // are re-sent (re-activating it), anyone else's become dead letters.
    let pending: { m: unknown; s: PID | undefined }[] | null = null;
    if (x?.stash) while (!x.stash.isEmpty()) (pending ??= []).push({ m: x.stash.shift(), s: x.stash.shift() as PID | undefined });
    while (this.userCount > 0) {
      const q = this.userq!;
      (pending ??= []).push(...this.takeAll(q));
    }
    const parent = x?.parent;
    const watchers = x?.watchers;
    // Built only when someone is told: a mass stop of actors nobody watches allocates nothing here.
    if ((watchers !== null && watchers !== undefined && watchers.size > 0) || parent !== undefined) {
      const terminated = new Terminated(this.self, TerminatedReason.Stopped);
      if (watchers) for (const w of watchers.values()) registry.resolve(w).sendSystemMessage(w, terminated);
      if (parent !== undefined && !(watchers?.has(pidKey(parent)))) registry.resolve(parent).sendSystemMessage(parent, terminated);
    }
    if (kind !== undefined) system.kinds.deactivated(this, kind);
    if (eventStream.hasSubscribers) eventStream.publish(new ActorStoppedEvent(this.self));
    system.actorRemoved((this.flags & F_SERVICE) !== 0); // first: a re-activation below must find this actor's slot free
    if (pending) for (const p of pending) this.redeliver(kind, p.m, p.s);
  }

  private redeliver(kind: VirtualKind | undefined, m: unknown, s: PID | undefined): void {
    if (kind !== undefined) this.system.sendUser(this.system.pid(this.id), m, s);
    else this.system.deadLetters.sendUserMessage(this.letterPid(), m, s);
  }

  private takeAll(q: NonNullable<Mailbox['userq']>): { m: unknown; s: PID | undefined }[] {
    const out: { m: unknown; s: PID | undefined }[] = [];
    if ('size' in q && !('push2' in q)) {
      const pair = { m: undefined as unknown, s: undefined as unknown };
      while (q.shift(pair)) out.push({ m: pair.m, s: pair.s as PID | undefined });
    } else {
      const r = q as import('./ring-queue.js').RingQueue;
      while (!r.isEmpty()) out.push({ m: r.shift(), s: r.shift() as PID | undefined });
    }
    return out;
  }

  private cancelTimers(): void {
    const x = this.x;
    if (x === null) return;
    this.cancelReceiveTimeout();
    x.timers?.cancelAll();
  }

  private stopAllChildren(): void {
    const c = this.x?.children;
    if (c) for (const pid of c.values()) this.system.stop(pid);
  }

  // ---- Supervision ----------------------------------------------------------------
  /** This actor failed: suspend and let the parent (or the guardian) decide. */
  escalateFailure(reason: unknown, message: unknown): void {
    const { eventStream } = this.system;
    eventStream.publish(new ActorFailureEvent(this.self, reason, message));
    this.flags |= F_SUSPENDED;
    const x = this.extras;
    const failure = new Failure(this.self, reason, x.stats, message);
    if (x.parent !== undefined) this.system.registry.resolve(x.parent).sendSystemMessage(x.parent, failure);
    else this.system.guardian.handleFailure(failure);
  }

  private handleChildFailure(f: Failure): void {
    this.props.supervisorStrategy.handleFailure(this, f.who, f.restartStats, f.reason, f.message);
  }

  supervisedChildren(): PID[] {
    return [...(this.x?.children?.values() ?? [])];
  }

  restartChildren(pids: PID[]): void {
    for (const pid of pids) {
      this.system.eventStream.publish(new SupervisorEvent(pid, undefined, 'restart'));
      this.system.registry.resolve(pid).sendSystemMessage(pid, restartMessage);
    }
  }
  stopChildren(pids: PID[]): void {
    for (const pid of pids) {
      this.system.eventStream.publish(new SupervisorEvent(pid, undefined, 'stop'));
      this.system.stop(pid);
    }
  }
  resumeChildren(pids: PID[]): void {
    for (const pid of pids) this.system.registry.resolve(pid).sendSystemMessage(pid, resumeMailboxMessage);
  }
  restartChildLater(pid: PID, delayMs: number): void {
    this.system.eventStream.publish(new SupervisorEvent(pid, undefined, `restart-after-${delayMs}ms`));
    this.extras.timerSet.once(delayMs, () => this.system.registry.resolve(pid).sendSystemMessage(pid, restartMessage));
  }

  /** Resumes processing after supervision cleared the suspension. */
  override wake(): void { super.wake(); }

  private composeMiddleware(): Receive {
    let next: Receive = (ctx) => {
      const b = this.x?.behaviors;
      return b && b.length > 0 ? b[b.length - 1]!(ctx) : this.actor.receive(ctx);
    };
    const mw = this.props.receiveMiddleware;
    for (let i = mw.length - 1; i >= 0; i--) next = mw[i]!(next);
    return next;
  }
}
