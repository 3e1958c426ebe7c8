/**
 * remote-jvm: Pekko actors on a `rosetta dev` gateway process, through the JVM adapter
 * (adapters/jvm), measured in one run by the JVM benchmark program (dev.rosetta.bench.JvmBench):
 *   JVM → TS → JVM   AskPattern.ask through a proxy to the TS `echo` (1 and 100 in flight),
 *                    and the client API's ask without actors (1 and 100 in flight);
 *   JVM → JVM        the same ask to a Pekko actor of a second client, exposed by name;
 *   Pekko-local      the same ask to a local Pekko actor (the reference);
 * plus one-way throughput of tells through one proxy on one stream into the TS `sink`
 * (timed until the sink has counted them all).
 * Needs the JVM build: `mvn -q -B package -DskipTests -f adapters/jvm/pom.xml` (run here when missing).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatewayProcess } from '../test/helpers/gateway-process.js';
import { LineProcess } from '../test/helpers/line-process.js';
import { report, type BenchArgs } from './lib/report.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const benchDir = `${root}adapters/jvm/rosetta-jvm-bench/target`;

type Figures = { p50us: number; p99us: number; asksPerSec: number };
type Result = Record<string, Figures> & { tellsPerSec: number };

function ensureBuilt(): void {
  if (existsSync(`${benchDir}/lib`) && existsSync(`${benchDir}/classes/dev/rosetta/bench/JvmBench.class`)) return;
  execFileSync('mvn', ['-q', '-B', 'package', '-DskipTests', '-f', `${root}adapters/jvm/pom.xml`], { stdio: 'inherit' });
}

export async function main(args: BenchArgs): Promise<void> {
  ensureBuilt();
  const runs = Math.min(args.runs, 5);
  const count = args.quick ? 4_000 : 20_000;
  const tells = args.quick ? 100_000 : 500_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'rosetta-bench-jvm-'));
  const gw = await GatewayProcess.start(['--auth', '--data-dir', dataDir]);
  const token = gw.events.find((e) => e['event'] === 'listening')?.['devToken'] as string;
  const jvm = new LineProcess('java', ['-cp', `${benchDir}/classes:${benchDir}/lib/*`, 'dev.rosetta.bench.JvmBench',
    '--gateway', gw.address, '--token', token, '--count', String(count), '--tells', String(tells), '--runs', String(runs)]);
  try {
    const r = (await jvm.next((e) => e['bench'] === 'jvm', 900_000, 'the JVM benchmark result')) as unknown as Result;
    const row = (metric: string, k: string, f: keyof Figures, unit: string, target?: { op: '>=' | '<='; value: number }) =>
      ({ metric, rosetta: r[k]![f], nact: r[k.replace(/^jvm-(ts|jvm)(-direct)?/, 'local')]?.[f], unit, ...(target ? { target } : {}) });
    report('remote-jvm', { ...args, runs }, [
      row('JVM→TS ask p50 (1 in flight)', 'jvm-ts-1', 'p50us', 'µs', { op: '<=', value: 1000 }),
      row('JVM→TS ask p99 (1 in flight)', 'jvm-ts-1', 'p99us', 'µs'),
      row('JVM→TS ask (100 in flight)', 'jvm-ts-100', 'asksPerSec', 'req/s'),
      row('JVM→TS ask p50 (100 in flight)', 'jvm-ts-100', 'p50us', 'µs'),
      row('JVM→TS ask p99 (100 in flight)', 'jvm-ts-100', 'p99us', 'µs'),
      row('client API ask p50 (1 in flight)', 'jvm-ts-direct-1', 'p50us', 'µs', { op: '<=', value: 1000 }),
      row('client API ask (100 in flight)', 'jvm-ts-direct-100', 'asksPerSec', 'req/s'),
      row('JVM→JVM ask p50 (1 in flight)', 'jvm-jvm-1', 'p50us', 'µs'),
      row('JVM→JVM ask p99 (1 in flight)', 'jvm-jvm-1', 'p99us', 'µs'),
      row('JVM→JVM ask (100 in flight)', 'jvm-jvm-100', 'asksPerSec', 'req/s'),
      { metric: 'JVM→TS tells, one stream', rosetta: r.tellsPerSec, unit: 'msg/s', target: { op: '>=', value: 100e3 } },
    ], { requestsPerRun: count, tellsPerRun: tells, pekkoLocal: { p50us1: r['local-1']?.p50us, asksPerSec100: r['local-100']?.asksPerSec } }, 'Pekko-local');
  } finally {
    await jvm.stop();
    await gw.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
