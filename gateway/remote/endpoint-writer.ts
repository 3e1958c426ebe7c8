/**
 * EndpointWriter: the one outbound stream to a remote node, as protoactor-go's
 * endpoint_writer. Connects lazily, presents itself as a ServerConnection (legacy
 * Go never answers client connections), waits for the ConnectResponse, then
 * coalesces everything queued in one event-loop turn into MessageBatch frames
 * (bounded below gRPC's 4 MiB) and respects stream backpressure. A broken stream
 * or a failed handshake terminates the endpoint: the manager tells watchers.
 */
import * as grpc from '@grpc/grpc-js';
import { decodeRemoteMessage, encodeBatch, encodeRemoteMessage, type Dialect, type WireEnvelope } from '../../protocol/index.js';
import type { Logger } from '../log/logger.js';

export interface WriterOptions {
  address: string;
  dialect: Dialect;
  memberId: string;
  advertisedAddress: string;
  allowedSerializers: readonly number[];
  maxBatchBytes: number;
  maxBatchEnvelopes: number;
  maxQueuedEnvelopes: number;
  connectTimeoutMs: number;
  metadata?: Record<string, string>;
  /** Wait before dialling (reconnect backoff after a failure). */
  connectDelayMs?: number;
  /**
   * The member id the node must answer with: the one whose server connection declared this
   * address to the tenant. A node answering with another id is not the one that authenticated.
   */
  expectedMemberId?: string;
  logger: Logger;
  /** The handshake completed. */
  onConnected(address: string): void;
  /** An envelope that could not be encoded was dropped (reported to its sender). */
  onDropped(envelope: WireEnvelope, reason: string): void;
  /** Called once when the endpoint is gone; `undelivered` never reached the peer. */
  onTerminated(address: string, reason: string, undelivered: WireEnvelope[]): void;
}

const identity = (b: Buffer): Buffer => b;

export class EndpointWriter {
  private readonly queue: WireEnvelope[] = [];
  private client: grpc.Client | undefined;
  private stream: grpc.ClientDuplexStream<Buffer, Buffer> | undefined;
  private state: 'connecting' | 'connected' | 'terminated' = 'connecting';
  private flushScheduled = false;
  private waitingDrain = false;
  sent = 0;

  private delayTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: WriterOptions) {
    if (o.connectDelayMs && o.connectDelayMs > 0) this.delayTimer = setTimeout(() => { this.delayTimer = undefined; this.connect(); }, o.connectDelayMs);
    else this.connect();
  }

  get terminated(): boolean {
    return this.state === 'terminated';
  }

  /** Queues an envelope; false when the queue is full (the caller reports RESOURCE_EXHAUSTED). */
  enqueue(e: WireEnvelope): boolean {
    if (this.state === 'terminated') return false;
    if (this.queue.length >= this.o.maxQueuedEnvelopes) return false;
    this.queue.push(e);
    if (this.state === 'connected') this.scheduleFlush();
    return true;
  }

  private connect(): void {
    const o = this.o;
    this.client = new grpc.Client(o.address, grpc.credentials.createInsecure(), {
      'grpc.max_send_message_length': 8 * 1024 * 1024,
      'grpc.max_receive_message_length': 8 * 1024 * 1024,
    });
    const md = new grpc.Metadata();
    for (const [k, v] of Object.entries(o.metadata ?? {})) md.set(k, v);
    const stream = this.client.makeBidiStreamRequest('/remote.Remoting/Receive', identity, identity, md, {});
    this.stream = stream;
    const timer = setTimeout(() => this.terminate('connect timeout'), o.connectTimeoutMs);
    let handshook = false;
    stream.on('data', (buf: Buffer) => {
      let msg;
      try {
        msg = decodeRemoteMessage(buf, { dialect: o.dialect });
      } catch (err) {
        this.terminate(`bad frame from peer: ${(err as Error).message}`);
        return;
      }
      if (!handshook) {
        clearTimeout(timer);
        if (msg.kind !== 'connect-response') { this.terminate(`invalid connect response (${msg.kind})`); return; }
        if (msg.blocked) { this.terminate('peer blocked this member'); return; }
        if (o.expectedMemberId !== undefined && msg.memberId !== o.expectedMemberId) {
          this.terminate(`member-mismatch: ${o.address} answered as member ${msg.memberId}, not the member that declared the address`);
          return;
        }
        handshook = true;
        this.state = 'connected';
        o.logger.info('endpoint connected', { address: o.address, peer: msg.memberId });
        o.onConnected(o.address);
        this.scheduleFlush();
        return;
      }
      if (msg.kind === 'disconnect') this.terminate('peer sent DisconnectRequest', 'info');
    });
    stream.on('error', (err: grpc.ServiceError) => { clearTimeout(timer); this.terminate(`stream error: ${grpc.status[err.code] ?? err.code} ${(err.details ?? err.message).replace(/\s*Resolution note:\s*$/, '')}`); });
    stream.on('end', () => { clearTimeout(timer); this.terminate('stream ended'); });
    stream.on('drain', () => { this.waitingDrain = false; this.scheduleFlush(); });
    stream.write(Buffer.from(encodeRemoteMessage({
      kind: 'connect-request',
      connection: { type: 'server', memberId: o.memberId, address: o.advertisedAddress, blockList: [] },
    }, { dialect: o.dialect })));
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.waitingDrain) return;
    this.flushScheduled = true;
    setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const stream = this.stream;
    if (this.state !== 'connected' || !stream) return;
    const o = this.o;
    while (this.queue.length > 0 && !this.waitingDrain) {
      const n = Math.min(this.queue.length, o.maxBatchEnvelopes);
      let frame: Uint8Array | undefined;
      let take = n;
      // Size-bounded: halve the batch until it fits under the frame limit.
      while (take > 0) {
        try {
          frame = encodeBatch(this.queue.slice(0, take), { dialect: o.dialect, allowedSerializers: o.allowedSerializers, limits: { maxFrameBytes: o.maxBatchBytes } });
          break;
        } catch (err) {
          if (take === 1) {
            const bad = this.queue.shift()!;
            o.logger.error('dropping an envelope that cannot be encoded', { address: o.address, target: bad.target.id, type: bad.typeName, error: (err as Error).message });
            o.onDropped(bad, (err as Error).message);
            take = 0;
            frame = undefined;
            break;
          }
          take = Math.ceil(take / 2);
        }
      }
      if (!frame) continue;
      this.queue.splice(0, take);
      this.sent += take;
      if (!stream.write(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength))) this.waitingDrain = true;
    }
  };

  /**
   * Ends the endpoint: queued envelopes are reported undelivered, watchers of its address are told.
   * An ordinary end (the peer said goodbye, or its connection to us ended) is logged at info, a failure at warn.
   */
  terminate(reason: string, level: 'info' | 'warn' = 'warn'): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.o.logger[level]('endpoint terminated', { address: this.o.address, reason });
    if (this.delayTimer) clearTimeout(this.delayTimer);
    const undelivered = this.queue.splice(0);
    try { this.stream?.cancel(); } catch { /* already closed */ }
    this.client?.close();
    this.o.onTerminated(this.o.address, reason, undelivered);
  }

  /** Graceful close: flush, tell the peer, end the stream. */
  async close(): Promise<void> {
    if (this.state === 'connected') {
      this.flush();
      this.stream?.write(Buffer.from(encodeRemoteMessage({ kind: 'disconnect' }, { dialect: this.o.dialect })));
      this.stream?.end();
    }
    if (this.delayTimer) clearTimeout(this.delayTimer);
    this.state = 'terminated';
    this.client?.close();
  }
}
