/**
 * One WebSocket client. Its actors are `ws$<session>/<name>` ids at the gateway's
 * address (`address` below is that session id prefix); what the
 * gateway sends them is coalesced per event-loop turn into one batch frame.
 * The send buffer is bounded: past `maxBufferedBytes` the client is told
 * (error frame RESOURCE_EXHAUSTED) and disconnected with CloseCode.SlowConsumer,
 * so one slow client never grows the gateway's memory or slows others; frames
 * also count against the tenant's bytes-in-flight quota until written. Watches
 * of the session's actors are held here and answered when an actor stops or the
 * session ends, whether or not the client is still there to say so.
 */
import type { WebSocket } from 'ws';
import { InvalidArgumentError, ResourceExhaustedError, StatusCode, type WireEnvelope, type WsCodec } from '../../protocol/index.js';
import {
  DeadLetterResponse, FutureProcess, MessageEnvelope, PID, pidEquals, Stop, Terminated, TerminatedReason, Unwatch, Watch, type ActorSystem, type Process,
} from '../actors/index.js';
import type { MessageSerialization } from '../remote/message-serialization.js';
import type { TenantQuota } from '../tenancy/index.js';
import { CloseCode } from './close-codes.js';

/** Envelopes one session may have queued within a single event-loop turn. */
const MAX_QUEUED_PER_TURN = 100_000;
/** Watchers of one session's actors, all ids together: past it, Watch is answered Terminated at once. */
const MAX_WATCHERS = 65_536;

export class WsSession implements Process {
  private queue: WireEnvelope[] = [];
  private flushScheduled = false;
  /** Who watches which of this session's actors (by id); told when the actor stops or the session ends. */
  private watchers: Map<string, PID[]> | undefined; // made on the first watch: most sessions are never watched
  private watcherCount = 0;
  /** Bytes this session reserved in its tenant's quota that are not yet written. */
  private inFlight = 0;
  closed = false;

  constructor(
    readonly address: string,
    private readonly socket: WebSocket,
    private readonly codec: WsCodec,
    private readonly system: ActorSystem,
    private readonly serialization: MessageSerialization,
    private readonly maxBufferedBytes: number,
    private readonly quota?: TenantQuota,
  ) {}

  get dead(): boolean {
    return this.closed;
  }

  sendUserMessage(pid: PID, message: unknown, sender?: PID): void {
    if (this.closed) { this.system.deadLetters.sendUserMessage(pid, message, sender); return; }
    const inner = message instanceof MessageEnvelope ? message.message : message;
    let wire;
    try {
      wire = this.serialization.toWire(inner);
    } catch (err) {
      this.system.deadLetters.sendUserMessage(pid, inner, undefined);
      if (sender) this.system.sendUser(sender, err instanceof InvalidArgumentError ? err : new InvalidArgumentError(String(err)), undefined);
      return;
    }
    if (sender && this.system.registry.isLocal(sender) && sender._p instanceof FutureProcess) sender._p.ensureRegistered();
    this.queue.push({
      target: { address: pid.address, id: pid.id, requestId: pid.requestId },
      sender: sender ? { address: this.system.registry.isLocal(sender) ? this.system.address : sender.address, id: sender.id, requestId: sender.requestId } : undefined,
      typeName: wire.typeName,
      serializerId: wire.serializerId,
      payload: wire.payload,
      headers: message instanceof MessageEnvelope ? { ...message.headers } : undefined,
    });
    if (this.queue.length > MAX_QUEUED_PER_TURN) {
      // Within one turn nothing reaches the socket: a flood this size cannot be a healthy client.
      this.error(StatusCode.RESOURCE_EXHAUSTED, `slow consumer: more than ${MAX_QUEUED_PER_TURN} envelopes queued`);
      this.close(CloseCode.SlowConsumer, 'slow consumer');
      for (const e of this.queue.splice(0)) this.undeliverable(e);
      return;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  /**
   * Watches of the session's actors are kept here, not in the client, so they are
   * answered even when the client vanishes; Stop is passed on to the client and its
   * watchers are told at once.
   */
  sendSystemMessage(pid: PID, message: unknown): void {
    if (message instanceof Watch) { this.watch(pid, message.watcher); return; }
    if (message instanceof Unwatch) { this.unwatch(pid, message.watcher); return; }
    if (message instanceof Stop) { this.sendUserMessage(pid, message); this.actorStopped(pid.id, TerminatedReason.Stopped); return; }
    this.sendUserMessage(pid, message);
  }

  stop(pid: PID): void {
    this.sendSystemMessage(pid, new Stop());
  }

  private watch(pid: PID, watcher: PID): void {
    if (this.closed || this.watcherCount >= MAX_WATCHERS) {
      this.system.registry.resolve(watcher).sendSystemMessage(watcher, new Terminated(new PID(pid.address, pid.id), this.closed ? TerminatedReason.AddressTerminated : TerminatedReason.NotFound));
      return;
    }
    this.watchers ??= new Map();
    const list = this.watchers.get(pid.id);
    if (list === undefined) this.watchers.set(pid.id, [watcher]);
    else if (list.some((w) => pidEquals(w, watcher))) return;
    else list.push(watcher);
    this.watcherCount++;
  }

  private unwatch(pid: PID, watcher: PID): void {
    const list = this.watchers?.get(pid.id);
    const i = list ? list.findIndex((w) => pidEquals(w, watcher)) : -1;
    if (i < 0) return;
    list!.splice(i, 1);
    this.watcherCount--;
    if (list!.length === 0) this.watchers!.delete(pid.id);
  }

  /** One of the session's actors is gone: each of its watchers gets Terminated once. */
  actorStopped(id: string, why: TerminatedReason): void {
    const list = this.watchers?.get(id);
    if (list === undefined) return;
    this.watchers!.delete(id);
    this.watcherCount -= list.length;
    const who = new PID(this.system.address, id);
    for (const w of list) this.system.registry.resolve(w).sendSystemMessage(w, new Terminated(who, why));
  }

  /** The session ended: every actor it hosted is terminated for its watchers. */
  private terminateAll(): void {
    if (this.watchers === undefined) return;
    for (const id of [...this.watchers.keys()]) this.actorStopped(id, TerminatedReason.AddressTerminated);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.closed || this.queue.length === 0) return;
    const envelopes = this.queue;
    this.queue = [];
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.error(StatusCode.RESOURCE_EXHAUSTED, `slow consumer: more than ${this.maxBufferedBytes} bytes unread`);
      this.close(CloseCode.SlowConsumer, 'slow consumer');
      for (const e of envelopes) this.undeliverable(e);
      return;
    }
    const frame = this.codec.encode({ type: 'batch', envelopes });
    const quota = this.quota;
    if (quota === undefined) { this.socket.send(frame); return; }
    if (!quota.reserveBytes(frame.length)) {
      // The tenant's connections hold too much unwritten data: this frame is refused, the session stays.
      this.refuseOverBudget(envelopes, quota.exhaustedMessage('bytes'));
      return;
    }
    const n = frame.length;
    this.inFlight += n;
    this.socket.send(frame, () => {
      if (this.inFlight < n) return; // released when the session ended
      this.inFlight -= n;
      quota.releaseBytes(n);
    });
  };

  /** Replies the client awaits fail with the error; other senders are answered it; plain sends are counted once. */
  private refuseOverBudget(envelopes: WireEnvelope[], message: string): void {
    let dropped = 0;
    for (const e of envelopes) {
      if (e.target.requestId !== 0) { this.system.deadLetters.count++; this.error(StatusCode.RESOURCE_EXHAUSTED, message, e.target.requestId); }
      else if (e.sender) this.undeliverable(e, new ResourceExhaustedError(message));
      else { this.system.deadLetters.count++; dropped++; }
    }
    if (dropped > 0) this.error(StatusCode.RESOURCE_EXHAUSTED, `${message}: ${dropped} envelopes dropped`);
  }

  private undeliverable(e: WireEnvelope, answer?: Error): void {
    this.system.deadLetters.count++;
    if (e.sender) this.system.sendUser(new PID(e.sender.address, e.sender.id, e.sender.requestId), answer ?? new DeadLetterResponse(new PID(e.target.address, e.target.id)), undefined);
  }

  error(code: number, message: string, ref = 0): void {
    if (!this.closed) this.socket.send(this.codec.encode({ type: 'error', code, message, ref }));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
    this.terminateAll();
  }

  /** The socket is gone (closed by either side). */
  ended(): void {
    this.closed = true;
    if (this.inFlight > 0) { this.quota?.releaseBytes(this.inFlight); this.inFlight = 0; }
    this.terminateAll();
  }
}
