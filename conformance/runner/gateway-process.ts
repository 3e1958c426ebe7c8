/**
 * Starts a real gateway process (`node bin/rosetta.mjs dev`, or `start` when `o.command` says so)
 * on free ports and reads its addresses from the first stdout line. Used by the integration tests
 * and by the conformance runner (the gateway under test).
 */
import { fileURLToPath } from 'node:url';
import { LineProcess } from './line-process.js';

const bin = fileURLToPath(new URL('../../../bin/rosetta.mjs', import.meta.url));

export class GatewayProcess extends LineProcess {
  address = '';
  wsUrl = '';

  /**
   * `prlimitNofile`: start it under `prlimit --nofile=N` (a small descriptor limit); `nodeArgs`: flags
   * for node itself (e.g. `--cpu-prof`); `command`: `dev` (default) or `start`.
   */
  static async start(args: string[] = [], o: { prlimitNofile?: number; nodeArgs?: string[]; command?: 'dev' | 'start' } = {}): Promise<GatewayProcess> {
    const argv = [...(o.nodeArgs ?? []), bin, o.command ?? 'dev', '--grpc-port', '0', '--ws-port', '0', ...args];
    const gw = o.prlimitNofile !== undefined
      ? new GatewayProcess('prlimit', [`--nofile=${o.prlimitNofile}`, process.execPath, ...argv])
      : new GatewayProcess(process.execPath, argv);
    const e = await gw.next((x) => x['event'] === 'listening', 15_000, 'gateway listening');
    gw.address = e['grpc'] as string;
    gw.wsUrl = e['ws'] as string;
    return gw;
  }
}
