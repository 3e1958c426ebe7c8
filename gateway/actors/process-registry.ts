/**
 * ProcessRegistry: maps PIDs to processes. Local ids live in a Map; any other
 * address is offered to the registered address resolvers — this is the seam
 * where gRPC and WebSocket transports plug in, as Proto.Actor's remote registers
 * its resolver — and a local miss is offered to local resolvers (virtual actors
 * activate there). Whatever nobody claims goes to dead letters.
 */
import { AlreadyExistsError } from '../../protocol/errors.js';
import type { PID } from './pid.js';
import type { Process } from './process.js';

/** Resolves PIDs of a foreign address to a process (a remote endpoint), or declines. */
export type AddressResolver = (pid: PID) => Process | undefined;
/** Resolves a local id that has no live process (e.g. activates a virtual actor), or declines. */
export type LocalResolver = (pid: PID) => Process | undefined;

export const NO_HOST = 'nonhost';

export class ProcessRegistry {
  private readonly local = new Map<string, Process>();
  private readonly addressResolvers: AddressResolver[] = [];
  private readonly localResolvers: LocalResolver[] = [];
  private seq = 0;
  address = NO_HOST;
  deadLetter!: Process;

  /** Next anonymous id: `$1`, `$2`, … */
  nextId(): string {
    return '$' + (++this.seq).toString(36);
  }

  /** Next future id: `future$…`. */
  nextFutureId(): string {
    return 'future$' + (++this.seq).toString(36);
  }

  get size(): number {
    return this.local.size;
  }

  registerAddressResolver(resolver: AddressResolver): () => void {
    this.addressResolvers.push(resolver);
    return () => remove(this.addressResolvers, resolver);
  }

  registerLocalResolver(resolver: LocalResolver): () => void {
    this.localResolvers.push(resolver);
    return () => remove(this.localResolvers, resolver);
  }

  isLocal(pid: PID): boolean {
    return pid.address === this.address || pid.address === NO_HOST;
  }

  /** Adds a local process; throws AlreadyExistsError when the id is taken. */
  add(id: string, process: Process): void {
    if (this.local.has(id)) throw new AlreadyExistsError(`process id '${id}' already exists`);
    this.local.set(id, process);
  }

  remove(id: string, process?: Process): void {
    if (process && this.local.get(id) !== process) return;
    this.local.delete(id);
  }

  localIds(): IterableIterator<string> {
    return this.local.keys();
  }

  /** Live local processes in registration order; safe to iterate across turns (see chunked-scan.ts). */
  localProcesses(): IterableIterator<Process> {
    return this.local.values();
  }

  getLocal(id: string): Process | undefined {
    return this.local.get(id);
  }

  /** Resolves any PID; never undefined (dead letters catch the rest). */
  get(pid: PID): Process {
    if (pid.address === this.address || pid.address === NO_HOST) {
      const p = this.local.get(pid.id);
      if (p !== undefined) return p;
      for (const r of this.localResolvers) {
        const q = r(pid);
        if (q !== undefined) return q;
      }
      return this.deadLetter;
    }
    for (const r of this.addressResolvers) {
      const q = r(pid);
      if (q !== undefined) return q;
    }
    return this.deadLetter;
  }

  /** Resolves with the PID's cache: one property read on the hot path. */
  resolve(pid: PID): Process {
    const cached = pid._p;
    if (cached !== undefined && cached.dead !== true) return cached;
    const p = this.get(pid);
    pid._p = p === this.deadLetter ? undefined : p;
    return p;
  }
}

function remove<T>(arr: T[], item: T): void {
  const i = arr.indexOf(item);
  if (i >= 0) arr.splice(i, 1);
}
