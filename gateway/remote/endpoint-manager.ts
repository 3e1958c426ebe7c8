/**
 * EndpointManager: one EndpointWriter per Proto.Actor node address (created on
 * first send, re-created after a failure) and the watch book of local watchers of
 * remote PIDs. When an endpoint terminates, every local watcher of a PID at that
 * address gets Terminated{AddressTerminated}, and every undelivered request gets
 * DeadLetterResponse — as protoactor-go does. Client connections are not endpoints:
 * their actors live at the gateway's own address (HostedSession).
 */
import { PROTO_ACTOR_SERIALIZERS, ResourceExhaustedError, type Dialect, type WireEnvelope } from '../../protocol/index.js';
import { DeadLetterResponse, PID, Terminated, TerminatedReason, pidKey, type ActorSystem } from '../actors/index.js';
import { EndpointWriter } from './endpoint-writer.js';
import { RateLimitedLog } from '../log/rate-limited-log.js';
import { RawMessage } from '../serialization/typed-message.js';
import type { Logger } from '../log/logger.js';

export interface ManagerOptions {
  memberId: string;
  advertisedAddress: string;
  dialectFor(address: string): Dialect;
  serializersFor(address: string): readonly number[];
  maxBatchBytes: number;
  maxBatchEnvelopes: number;
  maxQueuedEnvelopes: number;
  connectTimeoutMs: number;
  metadata?: Record<string, string>;
  /** Whether this tenant may dial `address` (a node that authenticated as the tenant, or a configured peer). */
  allowDial?: (address: string) => boolean;
  /** The member id the node at `address` must answer with (the one that declared it), when known. */
  expectedMemberId?: (address: string) => string | undefined;
  logger: Logger;
}

export class EndpointManager {
  private readonly writers = new Map<string, EndpointWriter>();
  /** address → watchee key → (watchee, local watchers by key) */
  private readonly watches = new Map<string, Map<string, { watchee: PID; watchers: Map<string, PID> }>>();
  /** Consecutive failed connections per address, for reconnect backoff. */
  private readonly failures = new Map<string, { count: number; at: number }>();
  private stopped = false;

  private readonly log: RateLimitedLog;

  constructor(private readonly system: ActorSystem, private readonly o: ManagerOptions) {
    this.log = new RateLimitedLog(o.logger);
  }

  /** Sends one envelope to its target's address; reports failures to the sender. */
  send(envelope: WireEnvelope): void {
    const address = envelope.target.address;
    if (this.stopped) { this.undeliverable(envelope, 'remote is shut down'); return; }
    let w = this.writers.get(address);
    if ((w === undefined || w.terminated) && this.o.allowDial && !this.o.allowDial(address)) {
      // Unreachable for this tenant: the envelope is undeliverable and watchers of the address are told.
      this.endpointTerminated(address, [envelope], `${address} is not a node of this tenant`);
      return;
    }
    if (w === undefined || w.terminated) {
      w = new EndpointWriter({
        address,
        dialect: this.o.dialectFor(address),
        memberId: this.o.memberId,
        advertisedAddress: this.o.advertisedAddress,
        allowedSerializers: this.o.serializersFor(address),
        maxBatchBytes: this.o.maxBatchBytes,
        maxBatchEnvelopes: this.o.maxBatchEnvelopes,
        maxQueuedEnvelopes: this.o.maxQueuedEnvelopes,
        connectTimeoutMs: this.o.connectTimeoutMs,
        metadata: this.o.metadata,
        connectDelayMs: this.backoff(address),
        expectedMemberId: this.o.expectedMemberId?.(address),
        logger: this.o.logger,
        onConnected: (addr) => this.failures.delete(addr),
        onDropped: (e, reason) => this.undeliverable(e, reason),
        onTerminated: (addr, reason, undelivered) => this.endpointTerminated(addr, undelivered, reason),
      });
      this.writers.set(address, w);
    }
    if (!w.enqueue(envelope)) {
      const s = envelope.sender;
      if (s) this.system.sendUser(new PID(s.address, s.id, s.requestId), new ResourceExhaustedError(`send queue to ${address} is full`), undefined);
      this.system.deadLetters.sendUserMessage(new PID(address, envelope.target.id), envelope.typeName, undefined);
    }
  }

  watch(watchee: PID, watcher: PID): void {
    let byWatchee = this.watches.get(watchee.address);
    if (!byWatchee) this.watches.set(watchee.address, (byWatchee = new Map()));
    const k = pidKey(watchee);
    let entry = byWatchee.get(k);
    if (!entry) byWatchee.set(k, (entry = { watchee, watchers: new Map() }));
    entry.watchers.set(pidKey(watcher), watcher);
  }

  unwatch(watchee: PID, watcher: PID): void {
    const entry = this.watches.get(watchee.address)?.get(pidKey(watchee));
    entry?.watchers.delete(pidKey(watcher));
  }

  /** A remote Terminated arrived: forget the watch. */
  remoteTerminated(who: PID, watcher: PID): void {
    this.unwatch(who, watcher);
  }

  /**
   * The tenant no longer holds `address` (the node's last stream ended): the endpoint to it
   * ends too — its watchers are told AddressTerminated — and it is not dialled again unless
   * a node of this tenant declares the address anew.
   */
  addressReleased(address: string): void {
    const w = this.writers.get(address);
    if (w !== undefined && !w.terminated) w.terminate('the node\'s connection to the gateway ended', 'info');
  }

  /**
   * Delay before re-dialling an address whose last connection failed: exponential
   * (100 ms · 2^(n-1), at most 5 s) with 20 % jitter, counted from that failure.
   */
  private backoff(address: string): number {
    const f = this.failures.get(address);
    if (!f) return 0;
    const delay = Math.min(5_000, 100 * 2 ** (f.count - 1)) * (1 + 0.2 * Math.random());
    return Math.max(0, Math.round(f.at + delay - Date.now()));
  }

  private endpointTerminated(address: string, undelivered: WireEnvelope[], reason: string): void {
    const f = this.failures.get(address);
    this.failures.set(address, { count: (f?.count ?? 0) + 1, at: Date.now() });
    for (const e of undelivered) this.undeliverable(e, reason);
    const byWatchee = this.watches.get(address);
    if (!byWatchee) return;
    this.watches.delete(address);
    for (const { watchee, watchers } of byWatchee.values()) {
      for (const w of watchers.values()) {
        this.system.registry.resolve(w).sendSystemMessage(w, new Terminated(watchee, TerminatedReason.AddressTerminated));
      }
    }
  }

  private undeliverable(e: WireEnvelope, reason: string): void {
    const target = new PID(e.target.address, e.target.id, e.target.requestId);
    const sender = e.sender ? new PID(e.sender.address, e.sender.id, e.sender.requestId) : undefined;
    // A dead letter like any other (counted, published with the envelope as a RawMessage); the reason is logged.
    this.system.deadLetters.record(target, new RawMessage(e.typeName, e.serializerId, e.payload), sender);
    this.log.warn('envelope undeliverable', { address: e.target.address, target: e.target.id, reason }, `undeliverable:${e.target.address}`);
    if (sender) this.system.sendUser(sender, new DeadLetterResponse(target), undefined);
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.writers.values()].map((w) => w.close()));
    this.writers.clear();
  }

  get endpointCount(): number {
    return [...this.writers.values()].filter((w) => !w.terminated).length;
  }
}

export const GO_SERIALIZERS = PROTO_ACTOR_SERIALIZERS;
