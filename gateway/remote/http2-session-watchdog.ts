/**
 * Releases HTTP/2 connections that can no longer carry anything. When a peer
 * breaks the HTTP/2 protocol (a malformed SETTINGS frame, say), Node's http2 answers
 * GOAWAY and then stops reading the socket without ever destroying the session —
 * not even after the peer closes — so each such connection would hold a file
 * descriptor for the life of the process, and unauthenticated clients could exhaust
 * them. Every new session is pinged at once: a live HTTP/2 peer acknowledges within
 * milliseconds; a session that has not within `graceMs` is destroyed.
 *
 * grpc-js does not expose its http2 servers; they are reached through its (pinned)
 * internal map, and the endpoint-writer test fails if that ever stops working.
 */
import type { Http2Session } from 'node:http2';
import type { EventEmitter } from 'node:events';
import type { Server } from '@grpc/grpc-js';

export function watchHttp2Sessions(server: Server, graceMs = 1500): number {
  const servers = (server as unknown as { http2Servers?: Map<EventEmitter, unknown> }).http2Servers;
  if (!(servers instanceof Map)) return 0;
  for (const h2 of servers.keys()) h2.on('session', (session: Http2Session) => watch(session, graceMs));
  return servers.size;
}

function watch(session: Http2Session, graceMs: number): void {
  const timer = setTimeout(() => { if (!session.destroyed) session.destroy(); }, graceMs);
  timer.unref();
  const stop = (): void => clearTimeout(timer);
  session.once('close', stop);
  try {
    if (!session.ping((err) => { if (err) { if (!session.destroyed) session.destroy(); } else stop(); })) stop();
  } catch {
    stop(); // a session that cannot be pinged (already closing) ends on its own
  }
}
