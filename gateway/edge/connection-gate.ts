/**
 * The authenticated-connection lifecycle every transport shares, whatever frames
 * it carries:
 *
 *   waiting (no token yet) → authenticating → open → closed
 *
 * Frames that arrive while the token is being verified are held, bounded (64
 * frames / 5 MiB — cf. Hocuspocus GHSA-xwhh-v746-pj9m), and handed over in order
 * once the connection opens, or dropped with it when the token is refused. Opening
 * takes a slot of the tenant's connection quota; the token's expiry and a later
 * revocation end the connection (the transport decides how that looks: a close
 * code, a status). A transport only feeds it frames and renders its verdicts.
 *
 * @example
 *   const gate = new ConnectionGate<Frame>(host, { open: (p) => bind(p), frame: (f) => deliver(f), refuse: (e) => close(e), end: (e) => close(e) });
 *   gate.authenticate(token);          // frames pushed meanwhile are held
 *   socket.on('frame', (f, n) => gate.push(f, n));
 */
import { ResourceExhaustedError, TokenExpiredError, UnauthenticatedError, type RosettaError } from '../../protocol/index.js';
import type { Gauge, Metrics } from '../actors/index.js';
import type { Principal } from '../auth/index.js';
import type { LiveConnection, LiveConnections } from './live-connections.js';
import type { RateLimitedLog } from '../log/rate-limited-log.js';

export const MAX_PRE_AUTH_FRAMES = 64;
export const MAX_PRE_AUTH_BYTES = 5 * 1024 * 1024;

/** What every gate of a gateway shares. */
export interface GateHost {
  /** Verifies a token; absent = authentication off (every connection opens as no principal). */
  authenticate?: (token: string | undefined) => Promise<Principal>;
  log: RateLimitedLog;
  /** Where open connections are listed for revocation. */
  live: LiveConnections;
  /** The transport's name in log lines and metric labels. */
  transport: string;
  /** Open connections (a gauge per transport and tenant) and refused tokens (by reason) are reported here. */
  metrics: Metrics;
  /** The token was accepted: take its tenant a connection slot (throws RESOURCE_EXHAUSTED when full); returns the slot's release. */
  admit?: (principal: Principal | undefined) => () => void;
}

/** The transport's side: what opening means for it, and how verdicts look to its peer. */
export interface GateEvents<F> {
  /** The token was accepted and a slot taken: bind the connection (build its session); throw a RosettaError to refuse (the slot is given back). */
  open(principal: Principal | undefined): void;
  /** A frame for the open connection (held frames first, in order). */
  frame(frame: F): void;
  /** The connection is refused before it opened (bad token, too much pre-auth data, quota). */
  refuse(error: RosettaError): void;
  /** An open connection must end: its token expired or was revoked. */
  end(error: RosettaError): void;
}

export class ConnectionGate<F> implements LiveConnection {
  state: 'waiting' | 'authenticating' | 'open' | 'closed' = 'waiting';
  principal: Principal | undefined;
  private held: F[] = [];
  private heldBytes = 0;
  private expiry: NodeJS.Timeout | undefined;
  private release: (() => void) | void = undefined;
  private openGauge: Gauge | undefined;

  constructor(private readonly host: GateHost, private readonly on: GateEvents<F>) {}

  /** Starts verifying `token`; the connection opens (or is refused) when it completes. */
  authenticate(token: string | undefined): void {
    if (this.state !== 'waiting') return;
    this.state = 'authenticating';
    const verified = this.host.authenticate ? this.host.authenticate(token) : Promise.resolve(undefined);
    verified.then((p) => this.opened(p), (err: unknown) => {
      if (this.state === 'closed') return;
      const reason = err instanceof UnauthenticatedError ? err.reason ?? 'error' : 'error';
      this.host.metrics.counter('rosetta_auth_refused_total', 'Connections refused for their token, by reason', { transport: this.host.transport, reason }).add();
      this.host.log.warn('authentication failed', { transport: this.host.transport, reason }, `auth:${this.host.transport}:${reason}`);
      this.refuse(err instanceof UnauthenticatedError ? err : new UnauthenticatedError('token could not be verified', { reason: 'error' }));
    });
  }

  /** A frame from the peer: delivered when open, held (bounded) while authenticating. */
  push(frame: F, bytes: number): void {
    if (this.state === 'open') { this.on.frame(frame); return; }
    if (this.state !== 'authenticating') return;
    this.held.push(frame);
    this.heldBytes += bytes;
    if (this.held.length > MAX_PRE_AUTH_FRAMES || this.heldBytes > MAX_PRE_AUTH_BYTES) {
      this.refuse(new ResourceExhaustedError('too much data before authentication completed', { reason: 'pre-auth-queue' }));
    }
  }

  /** Ends the connection now (revocation): the transport is told through `end`. */
  revoke(error: RosettaError): void {
    if (this.state !== 'open') return;
    this.on.end(error);
  }

  /** The connection is gone (either side): timers stop, the quota slot and the live listing are given back. */
  closed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.held = [];
    if (this.expiry) clearTimeout(this.expiry);
    this.host.live.delete(this);
    this.openGauge?.add(-1);
    if (this.release) this.release();
  }

  private opened(p: Principal | undefined): void {
    if (this.state === 'closed') return;
    let release: (() => void) | undefined;
    try {
      release = this.host.admit?.(p);
      this.on.open(p);
    } catch (err) {
      release?.();
      this.refuse(err as RosettaError);
      return;
    }
    this.release = release;
    this.principal = p;
    this.state = 'open';
    this.host.live.add(this);
    this.openGauge = this.host.metrics.gauge('rosetta_connections', 'Open authenticated connections', { transport: this.host.transport, tenant: p?.tenant ?? 'default' });
    this.openGauge.add(1);
    if (p !== undefined) {
      const ms = Math.max(0, Math.min(p.expiresAt * 1000 - Date.now(), 2 ** 31 - 1));
      this.expiry = setTimeout(() => this.on.end(new TokenExpiredError('token expired during the connection')), ms);
      this.expiry.unref();
    }
    const held = this.held;
    this.held = [];
    for (const f of held) {
      if (this.state !== 'open') break;
      this.on.frame(f);
    }
  }

  /** Refused before it opened: nothing was taken (no slot, not listed), so nothing is given back. */
  private refuse(error: RosettaError): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.held = [];
    this.on.refuse(error);
  }
}
