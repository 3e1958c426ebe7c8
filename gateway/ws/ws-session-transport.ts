/**
 * How a WebSocket carries a HostedSession: batch frames in the connection's
 * subprotocol, refusals as error frames (`ref` = the request they answer), and the
 * session's end as a named close code.
 */
import type { WebSocket } from 'ws';
import { CloseCode, type RosettaError, type WireEnvelope, type WsCodec } from '../../protocol/index.js';
import type { SessionEnd, SessionTransport } from '../edge/hosted-session.js';

const CLOSE_CODES: Record<SessionEnd, number> = {
  'slow-consumer': CloseCode.SlowConsumer,
  unauthenticated: CloseCode.Unauthenticated,
  expired: CloseCode.TokenExpired,
  'going-away': CloseCode.GoingAway,
};

export class WsSessionTransport implements SessionTransport {
  constructor(private readonly socket: WebSocket, private readonly codec: WsCodec) {}

  encode(envelopes: WireEnvelope[]): Uint8Array {
    return this.codec.encode({ type: 'batch', envelopes });
  }

  write(frame: Uint8Array, written?: () => void): void {
    this.socket.send(frame, written);
  }

  get bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  refuse(error: RosettaError, ref: number): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(this.codec.encode({ type: 'error', code: error.status, message: error.message, ref, ...(error.reason ? { reason: error.reason } : {}) }));
  }

  end(why: SessionEnd, message: string): void {
    this.socket.close(CLOSE_CODES[why], message.slice(0, 120));
  }
}
