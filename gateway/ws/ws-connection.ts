/**
 * One WebSocket from upgrade to close: the WebSocket adapter over the edge. Its
 * first frame must be a hello carrying the token; from then on the shared
 * ConnectionGate holds frames while the token is verified, opens the connection
 * (quota slot, session `ws$<session>/…`), and ends it at expiry or revocation. Once
 * open the connection is an EdgeConnection: its batches go through the edge
 * pipeline into its tenant; its `documents` frames carry replicated documents
 * (crdt/PROTOCOL.md §2, many documents over the session) to a MuxConnection bound
 * to the token's document permissions. This file only frames bytes and chooses
 * close codes.
 */
import type { WebSocket } from 'ws';
import {
  closeCodeFor, InvalidArgumentError, MalformedFrameError, RosettaError, type CodecLimits, type WireEnvelope, type WsCodec, type WsFrame,
} from '../../protocol/index.js';
import { MuxConnection } from '../../crdt/index.js';
import { TerminatedReason, type PID } from '../actors/index.js';
import { crdtAccessOf } from '../documents/index.js';
import type { Principal } from '../auth/index.js';
import { ConnectionGate, type GateHost } from '../edge/connection-gate.js';
import { HostedSession } from '../edge/hosted-session.js';
import { deliverInbound, type EdgeConnection } from '../edge/inbound-pipeline.js';
import { sessionIdentity, type PeerIdentity } from '../edge/peer-identity.js';
import { documentRefused, documentsDisabled } from './document-refusals.js';
import { GuardedSocket } from './guarded-socket.js';
import { WsSessionTransport } from './ws-session-transport.js';
import type { WsSpace } from './ws-space.js';

export interface ConnectionHost extends GateHost {
  maxFrameBytes: number;
  /** Decoder limits (one object for every connection: codecs resolve it once). */
  limits: Partial<CodecLimits>;
  maxBufferedBytes: number;
  helloTimeoutMs: number;
  spaceFor(principal: Principal | undefined): WsSpace;
  /** The socket closed (welcomed or not). */
  closed(connection: WsConnection): void;
}

export class WsConnection extends GuardedSocket implements EdgeConnection {
  session: HostedSession | undefined;
  space!: WsSpace;
  readonly identity: PeerIdentity;
  readonly targetsCarryAddress = true;
  private readonly gate: ConnectionGate<WsFrame>;
  private helloTimer: NodeJS.Timeout | undefined;
  /** The session's documents, from its first `documents` frame. */
  private documents: MuxConnection | undefined;
  private done = false;

  /** `host` is shared by every connection of a gateway (nothing per connection but this object). */
  constructor(socket: WebSocket, private readonly codec: WsCodec, readonly address: string, private readonly host: ConnectionHost) {
    super(socket, { log: host.log, endpoint: 'websocket' });
    this.identity = sessionIdentity(address, () => this.space.system.address);
    this.gate = new ConnectionGate<WsFrame>(host, {
      open: (p) => this.open(p),
      frame: (f) => this.onFrame(f),
      refuse: (error) => this.fail(error),
      end: (error) => { this.session?.refuse(error); this.session?.end(error.reason === 'expired' ? 'expired' : 'unauthenticated', error.message); },
    });
    this.helloTimer = setTimeout(() => this.fail(new RosettaError('DEADLINE_EXCEEDED', 'no hello', { reason: 'no-hello' })), host.helloTimeoutMs);
  }

  get principal(): Principal | undefined {
    return this.gate.principal;
  }

  /** EdgeConnection: refusals are error frames answering the refused request. */
  refuse(error: RosettaError, _envelope: WireEnvelope | undefined, sender: PID | undefined): void {
    this.session?.refuse(error, sender?.requestId ?? 0, sender);
  }

  ownActorStopped(id: string): void {
    this.session?.actorStopped(id, TerminatedReason.Stopped);
  }

  /** Before or instead of a session: an error frame, then the close code the error names. */
  protected fail(error: RosettaError): void {
    if (this.done) return;
    this.done = true;
    this.stopHelloTimer();
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(this.codec.encode({ type: 'error', code: error.status, message: error.message, ref: 0, ...(error.reason ? { reason: error.reason } : {}) }));
    this.socket.close(closeCodeFor(error), error.message.slice(0, 120));
  }

  protected onMessage(data: Buffer, isBinary: boolean): void {
    if (this.done) return;
    if (!isBinary) { this.fail(new InvalidArgumentError(`text frames are not part of ${this.codec.subprotocol}`, { reason: 'bad-frame-type' })); return; }
    let frame: WsFrame;
    try {
      frame = this.codec.decode(data, this.host.limits);
    } catch (err) {
      this.fail(err instanceof MalformedFrameError ? err : new InvalidArgumentError('bad frame', { reason: 'bad-value' }));
      return;
    }
    if (this.gate.state !== 'waiting') { this.gate.push(frame, data.length); return; }
    if (frame.type !== 'hello') { this.fail(new InvalidArgumentError('the first frame must be hello', { reason: 'no-hello' })); return; }
    this.stopHelloTimer();
    this.gate.authenticate(frame.token || undefined);
  }

  /** A cleared Timeout still costs ~110 bytes while referenced: an idle session keeps none. */
  private stopHelloTimer(): void {
    clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
  }

  /** The token was accepted (and the gate took the tenant's slot): start the session, welcome the client. */
  private open(p: Principal | undefined): void {
    const space = this.host.spaceFor(p);
    this.space = space;
    const session = new HostedSession(this.identity, new WsSessionTransport(this.socket, this.codec), space, this.host.maxBufferedBytes);
    this.session = session;
    space.sessions.add(session);
    this.socket.send(this.codec.encode({ type: 'welcome', sessionId: this.address, address: space.system.address, maxFrameBytes: this.host.maxFrameBytes }));
  }

  private onFrame(frame: WsFrame): void {
    if (this.done || this.session?.closed) return;
    if (frame.type === 'batch') deliverInbound(frame.envelopes, this, this.host.log);
    else if (frame.type === 'documents') this.onDocumentsFrame(frame.frame);
    else if (frame.type === 'ping') this.socket.send(this.codec.encode({ type: 'pong', nonce: frame.nonce }));
    else if (frame.type !== 'pong') this.fail(new InvalidArgumentError(`unexpected ${frame.type} frame`, { reason: 'bad-frame-type' }));
  }

  private onDocumentsFrame(bytes: Uint8Array): void {
    const registry = this.space.documents;
    if (registry === undefined) {
      this.session!.refuse(documentsDisabled());
      return;
    }
    this.documents ??= new MuxConnection(registry, {
      send: (b) => this.sendDocuments(b),
      principal: crdtAccessOf(this.principal),
      onRefused: (document, err) => documentRefused(this.host, this.space.tenant, document, err),
    });
    void this.documents.receive(bytes);
  }

  /** Document frames share the session's send buffer bound: past it the client is a slow consumer. */
  private sendDocuments(frame: Uint8Array): void {
    const session = this.session;
    if (this.done || session === undefined || session.closed || session.endIfSlowConsumer()) return;
    this.socket.send(this.codec.encode({ type: 'documents', frame }));
  }

  protected onClose(): void {
    this.done = true;
    this.stopHelloTimer();
    this.gate.closed();
    this.documents?.close();
    if (this.session) {
      this.session.ended();
      this.space.sessions.remove(this.session);
      this.space.names?.unregisterOwner(this.identity.owner);
    }
    this.host.closed(this);
  }
}
