/**
 * What a connection on either WebSocket endpoint (Rosetta sessions, stock y-websocket
 * documents) shares: its socket's events run guarded — a handler's unexpected error
 * closes this connection alone, never the process — and ping liveness for the
 * gateway's sweep (a connection silent since the last ping is dropped).
 */
import type { WebSocket } from 'ws';
import { InternalError, type RosettaError } from '../../protocol/index.js';
import type { RateLimitedLog } from '../log/rate-limited-log.js';

export abstract class GuardedSocket {
  /** A pong (or any message) arrived since the last ping. */
  private alive = true;

  constructor(protected readonly socket: WebSocket, private readonly guard: { log: RateLimitedLog; endpoint: string }) {
    socket.on('message', (data: Buffer, isBinary: boolean) => this.guarded(() => { this.alive = true; this.onMessage(data, isBinary); }));
    socket.on('pong', () => { this.alive = true; });
    socket.on('close', () => this.guarded(() => this.onClose()));
    socket.on('error', () => socket.terminate());
  }

  /** Liveness, once per interval: a connection silent since the last ping is dropped, a live one pinged again. */
  ping(): void {
    if (!this.alive) { this.socket.terminate(); return; }
    this.alive = false;
    this.socket.ping();
  }

  terminate(): void {
    this.socket.terminate();
  }

  protected abstract onMessage(data: Buffer, isBinary: boolean): void;
  protected abstract onClose(): void;
  /** Ends the connection with `error` told to the peer (its own frames, its close code). */
  protected abstract fail(error: RosettaError): void;

  protected guarded(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.guard.log.warn(`${this.guard.endpoint} handler failed; connection closed`, { error: err instanceof Error ? err.message : String(err) }, `${this.guard.endpoint}-handler-failed`);
      this.fail(new InternalError('internal error', { reason: 'internal' }));
    }
  }
}
