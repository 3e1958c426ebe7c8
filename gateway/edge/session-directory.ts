/**
 * The live client sessions of one tenant by owner id (`ws$<session>`,
 * `$client/<member>`), and the local resolver that makes their actors addressable:
 * a PID `{gateway, <owner>/<name>}` resolves to its session — only inside the
 * tenant whose registry this directory serves.
 */
import { sessionOwnerOf } from '../../protocol/index.js';
import type { ActorSystem } from '../actors/index.js';
import type { HostedSession } from './hosted-session.js';

export class SessionDirectory {
  private readonly sessions = new Map<string, HostedSession>();
  private readonly unregister: () => void;

  constructor(system: ActorSystem) {
    this.unregister = system.registry.registerLocalResolver((pid) => {
      const owner = sessionOwnerOf(pid.id);
      return owner === undefined ? undefined : this.sessions.get(owner);
    });
  }

  /** False when a live session already holds `owner`. */
  add(session: HostedSession): boolean {
    const live = this.sessions.get(session.owner);
    if (live !== undefined && !live.closed) return false;
    this.sessions.set(session.owner, session);
    return true;
  }

  remove(session: HostedSession): void {
    if (this.sessions.get(session.owner) === session) this.sessions.delete(session.owner);
  }

  get(owner: string): HostedSession | undefined {
    return this.sessions.get(owner);
  }

  get size(): number {
    return this.sessions.size;
  }

  close(): void {
    this.unregister();
  }
}
