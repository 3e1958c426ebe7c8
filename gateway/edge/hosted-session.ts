/**
 * The actors a client connection hosts — a WebSocket client's `ws$<session>/…`, a
 * gRPC client connection's `$client/<member>/…` — as one Process at the gateway.
 * What the gateway sends them is coalesced per event-loop turn into one batch
 * frame for the peer. The send buffer is bounded: past `maxBufferedBytes` the peer
 * is told (RESOURCE_EXHAUSTED) and disconnected as a slow consumer, so one slow
 * client never grows the gateway's memory or slows others; frames also count
 * against the tenant's bytes-in-flight quota until written. Watches of the hosted
 * actors are held here (HostedWatchers).
 *
 * The transport only frames bytes and chooses how a refusal looks to its peer
 * (SessionTransport): the session logic exists once for every client transport.
 */
import { InvalidArgumentError, ResourceExhaustedError, RosettaError, type WireEnvelope, type WirePid } from '../../protocol/index.js';
import {
  DeadLetterResponse, FutureProcess, MessageEnvelope, PID, Stop, TerminatedReason, Unwatch, Watch, type ActorSystem, type Process,
} from '../actors/index.js';
import type { MessageSerialization } from '../serialization/message-serialization.js';
import { RawMessage } from '../serialization/typed-message.js';
import type { TenantQuota } from '../tenancy/index.js';
import { HostedWatchers } from './hosted-watchers.js';
import type { PeerIdentity } from './peer-identity.js';

/** Why the gateway ends a session (each transport maps it to a close code or status). */
export type SessionEnd = 'slow-consumer' | 'unauthenticated' | 'expired' | 'going-away';

export interface SessionTransport {
  /** One batch frame for the peer. */
  encode(envelopes: WireEnvelope[]): Uint8Array;
  /** Writes a frame; `written` (when given) runs once it has left the process. */
  write(frame: Uint8Array, written?: () => void): void;
  /** Bytes handed to the transport and not yet written to the network. */
  readonly bufferedBytes: number;
  /**
   * Tells the peer of a refusal. `ref`: the request id it answers (0: none); `to`: the peer's own
   * PID it concerns (a refused request's sender, or a reply slot that will not be filled), when known.
   */
  refuse(error: RosettaError, ref: number, to: WirePid | undefined): void;
  /** Ends the connection. */
  end(why: SessionEnd, message: string): void;
}

export interface SessionSpace {
  system: ActorSystem;
  serialization: MessageSerialization;
  quota: TenantQuota | undefined;
}

/** Envelopes one session may have queued within a single event-loop turn. */
const MAX_QUEUED_PER_TURN = 100_000;

export class HostedSession implements Process {
  private queue: WireEnvelope[] = [];
  private flushScheduled = false;
  private readonly watchers: HostedWatchers;
  /** Bytes this session reserved in its tenant's quota that are not yet written. */
  private inFlight = 0;
  closed = false;

  constructor(
    readonly identity: PeerIdentity,
    private readonly transport: SessionTransport,
    private readonly space: SessionSpace,
    private readonly maxBufferedBytes: number,
  ) {
    this.watchers = new HostedWatchers(space.system);
  }

  /** The owner id (`ws$<session>`, `$client/<member>`): the session's actors are `<owner>/<name>`. */
  get owner(): string {
    return this.identity.owner;
  }

  get dead(): boolean {
    return this.closed;
  }

  sendUserMessage(pid: PID, message: unknown, sender?: PID): void {
    const { system } = this.space;
    if (this.closed) { system.deadLetters.sendUserMessage(pid, message, sender); return; }
    const inner = message instanceof MessageEnvelope ? message.message : message;
    let wire;
    try {
      wire = this.space.serialization.toWire(inner);
    } catch (err) {
      system.deadLetters.sendUserMessage(pid, inner, undefined);
      if (sender) system.sendUser(sender, err instanceof InvalidArgumentError ? err : new InvalidArgumentError(String(err)), undefined);
      return;
    }
    if (sender && system.registry.isLocal(sender) && sender._p instanceof FutureProcess) sender._p.ensureRegistered();
    this.queue.push({
      target: { address: pid.address, id: pid.id, requestId: pid.requestId },
      sender: sender ? { address: system.registry.isLocal(sender) ? system.address : sender.address, id: sender.id, requestId: sender.requestId } : undefined,
      typeName: wire.typeName,
      serializerId: wire.serializerId,
      payload: wire.payload,
      headers: message instanceof MessageEnvelope ? { ...message.headers } : undefined,
    });
    if (this.queue.length > MAX_QUEUED_PER_TURN) {
      // Within one turn nothing reaches the socket: a flood this size cannot be a healthy client.
      this.slowConsumer(`more than ${MAX_QUEUED_PER_TURN} envelopes queued`, this.queue.splice(0));
      return;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  /**
   * Watches of the hosted actors are kept here, not by the peer, so they are answered
   * even when it vanishes; Stop is passed on to the peer and watchers are told at once.
   */
  sendSystemMessage(pid: PID, message: unknown): void {
    if (message instanceof Watch) { this.watchers.watch(pid, message.watcher, this.closed); return; }
    if (message instanceof Unwatch) { this.watchers.unwatch(pid, message.watcher); return; }
    if (message instanceof Stop) { this.sendUserMessage(pid, message); this.actorStopped(pid.id, TerminatedReason.Stopped); return; }
    this.sendUserMessage(pid, message);
  }

  stop(pid: PID): void {
    this.sendSystemMessage(pid, new Stop());
  }

  /** The peer stopped one of its own actors (or it stopped otherwise): its watchers are told. */
  actorStopped(id: string, why: TerminatedReason): void {
    this.watchers.stopped(id, why);
  }

  /** A refusal for the peer (see SessionTransport.refuse). */
  refuse(error: RosettaError, ref = 0, to?: WirePid): void {
    if (!this.closed) this.transport.refuse(error, ref, to);
  }

  /** The gateway ends the session: hosted actors are terminated for their watchers. */
  end(why: SessionEnd, message: string): void {
    if (this.closed) return;
    this.closed = true;
    this.transport.end(why, message);
    this.watchers.stopAll();
  }

  /** The connection is gone (closed by either side). */
  ended(): void {
    this.closed = true;
    if (this.inFlight > 0) { this.space.quota?.releaseBytes(this.inFlight); this.inFlight = 0; }
    this.watchers.stopAll();
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.closed || this.queue.length === 0) return;
    const envelopes = this.queue;
    this.queue = [];
    if (this.endIfSlowConsumer(envelopes)) return;
    const frame = this.transport.encode(envelopes);
    const quota = this.space.quota;
    if (quota === undefined) { this.transport.write(frame); return; }
    if (!quota.reserveBytes(frame.length)) {
      // The tenant's connections hold too much unwritten data: this frame is refused, the session stays.
      this.refuseOverBudget(envelopes, quota.exhaustedMessage('bytes'));
      return;
    }
    const n = frame.length;
    this.inFlight += n;
    this.transport.write(frame, () => {
      if (this.inFlight < n) return; // released when the session ended
      this.inFlight -= n;
      quota.releaseBytes(n);
    });
  };

  /**
   * True, and the session ended as a slow consumer (`dropped` answered as undeliverable), when
   * its peer has more than the bound unread — the bound holds for every frame its connection
   * carries (a WebSocket's documents frames too).
   */
  endIfSlowConsumer(dropped: WireEnvelope[] = []): boolean {
    if (this.transport.bufferedBytes <= this.maxBufferedBytes) return false;
    this.slowConsumer(`more than ${this.maxBufferedBytes} bytes unread`, dropped);
    return true;
  }

  private slowConsumer(detail: string, dropped: WireEnvelope[]): void {
    this.refuse(new ResourceExhaustedError(`slow consumer: ${detail}`, { reason: 'slow-consumer' }));
    this.end('slow-consumer', 'slow consumer');
    for (const e of dropped) this.undeliverable(e);
  }

  /** Replies the peer awaits fail with the error; other senders are answered it; plain sends are counted once. */
  private refuseOverBudget(envelopes: WireEnvelope[], message: string): void {
    let dropped = 0;
    const err = new ResourceExhaustedError(message, { reason: 'bytes-in-flight' });
    for (const e of envelopes) {
      if (e.target.requestId !== 0) { this.deadLetter(e); this.refuse(err, e.target.requestId, e.target); }
      else if (e.sender) this.undeliverable(e, err);
      else { this.deadLetter(e); dropped++; }
    }
    if (dropped > 0) this.refuse(new ResourceExhaustedError(`${message}: ${dropped} envelopes dropped`, { reason: 'bytes-in-flight' }));
  }

  /** Every undelivered envelope is a dead letter (counted and published), whatever answers it. */
  private deadLetter(e: WireEnvelope): void {
    const sender = e.sender ? new PID(e.sender.address, e.sender.id, e.sender.requestId) : undefined;
    this.space.system.deadLetters.record(new PID(e.target.address, e.target.id, e.target.requestId), new RawMessage(e.typeName, e.serializerId, e.payload), sender);
  }

  private undeliverable(e: WireEnvelope, answer?: Error): void {
    const { system } = this.space;
    this.deadLetter(e);
    if (e.sender) system.sendUser(new PID(e.sender.address, e.sender.id, e.sender.requestId), answer ?? new DeadLetterResponse(new PID(e.target.address, e.target.id)), undefined);
  }
}
