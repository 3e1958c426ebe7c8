/**
 * Starts a real protoactor-go peer (adapters/go/examples/peer-<dialect>, built by
 * adapters/go/build.sh) on a free loopback port.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { LineProcess } from './line-process.js';

export type GoDialect = 'v2024' | 'v2025';

export function goPeerBinary(dialect: GoDialect): string {
  const bin = fileURLToPath(new URL(`../../../adapters/go/examples/peer-${dialect}/bin/peer`, import.meta.url));
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run adapters/go/build.sh (CI does)`);
  return bin;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
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
