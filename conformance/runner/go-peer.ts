/**
 * Starts a real protoactor-go peer (adapters/go/examples/peer-<dialect>, built by
 * adapters/go/build.sh) on a free loopback port.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { LineProcess } from './line-process.js';

export type GoDialect = 'v2024' | 'v2025';

export function goPeerBinary(dialect: GoDialect): string {
  const bin = fileURLToPath(new URL(`../../../adapters/go/examples/peer-${dialect}/bin/peer`, import.meta.url));
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run adapters/go/build.sh (CI does)`);
  return bin;
}

/**
 * A loopback port nothing listens on, for a program that must be told its port before it starts
 * (a Proto.Actor node's `--listen`). Chosen below the kernel's ephemeral range: a port from
 * `listen(0)` lies inside it, where any outgoing connection of any process may take it as its local
 * port before the program binds it ("address already in use", seen in the conformance matrix).
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralRange();
  const floor = 10_000, ceiling = Math.max(floor + 1_000, low);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = floor + Math.floor(Math.random() * (ceiling - floor));
    if (handedOut.has(port) || !(await listens(port))) continue;
    handedOut.add(port); // never the same port twice in one process, though the first taker has not bound it yet
    return port;
  }
  throw new Error(`no free loopback port in ${floor}–${ceiling - 1} after 100 tries`);
}

const handedOut = new Set<number>();

/** The kernel's ephemeral port range (Linux), or IANA's where it cannot be read. */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low! > 0 && high! >= low!) return [low!, high!];
  } catch { /* not Linux */ }
  return [49152, 65535];
}

/** True when `port` could be bound on 127.0.0.1 just now (it is released again before this resolves). */
function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export class GoPeer extends LineProcess {
  constructor(readonly dialect: GoDialect, readonly address: string, extraArgs: string[] = []) {
    super(goPeerBinary(dialect), ['--listen', address, ...extraArgs]);
  }

  /** `extraArgs`: e.g. `['--token', jwt]`. */
  static async start(dialect: GoDialect, extraArgs: string[] = []): Promise<GoPeer> {
    const peer = new GoPeer(dialect, `127.0.0.1:${await freePort()}`, extraArgs);
    await peer.next((e) => e['event'] === 'ready', 15_000, `go peer ${dialect} ready`);
    return peer;
  }

  /** Sends a command and waits for the event it produces. */
  async call(command: Record<string, unknown>, until: (e: Record<string, unknown>) => boolean, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const p = this.next(until, timeoutMs, `reply to ${JSON.stringify(command)}`);
    this.send(command);
    return p;
  }

  async exit(): Promise<void> {
    if (this.child.exitCode === null) this.send({ op: 'exit' });
    const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(t);
  }
}
