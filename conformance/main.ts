/**
 * `rosetta conformance`: starts one gateway under test, every agent (built-in and `--agent`),
 * runs every case over every ordered pair of agents, judges the results against the failure
 * lists and writes the reports. Exit status 0 when nothing unexpected failed and no failure list
 * names a run that passed.
 *
 *   rosetta conformance [--case PATTERN]... [--agents a,b] [--agent [name=]CMD]... [--all-pairs]
 *                       [--json] [--out DIR] [--readme FILE] [--failure-lists DIR]... [--no-build] [--list]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_CASES } from './cases/index.js';
import type { Agent } from './runner/agent.js';
import { AgentProcess, type AgentCommand } from './runner/agent-process.js';
import { BUILTIN_AGENTS, buildAgents, commandFor, dialectOf, isNodeAgent, NODE_PORTS, REPO, type BuiltinAgent } from './runner/builtin-agents.js';
import { execute, type ResultRow } from './runner/execute.js';
import { globToRegExp, judge, loadFailureLists, staleMessage } from './runner/failure-list.js';
import { GatewayUnderTest, Tenants } from './runner/gateway-under-test.js';
import { freePort } from './runner/go-peer.js';
import { RealPeerAgent } from './runner/real-peer-agent.js';
import { writeReports, updateReadme } from './runner/report.js';

const USAGE = `usage: rosetta conformance [options]

  --case <pattern>        run only cases (or runs, with [sender->receiver]) matching; * is a wildcard; repeatable
  --agents <a,b,…>        built-in agents to run (default: ${BUILTIN_AGENTS.join(',')})
  --agent [name=]<cmd>    an external agent program (shell-split command); repeatable. Runs every pair
                          it is part of (with every built-in agent and itself) unless --all-pairs
  --all-pairs             with --agent: run the built-in agents' pairs too
  --json                  print one JSON object per run on stdout (progress stays on stderr)
  --out <dir>             reports: matrix.md, results.json, results.csv, results.parquet, latency.csv (default conformance/results)
  --readme <file>         also write the summary into <file> between the conformance markers
  --matrix <file>         also write the full matrix (matrix.md) to <file>
  --failure-lists <dir>   more directories with failure_list_<agent>.txt files; repeatable (conformance/ is always read)
  --step-deadline-ms <n>  cap every step's deadline (a hung agent is declared after it, plus 2 s)
  --no-build              do not build the Go and JVM agents
  --list                  list the cases and exit
`;

function split(cmd: string): string[] {
  const out: string[] = [];
  for (const m of cmd.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** An external agent's name from its command: the script it runs (`python3 x/my_agent.py` → `my-agent`). */
function nameFrom(argv: string[]): string {
  const script = [...argv].reverse().find((a) => /[./]/.test(a) && !a.startsWith('-')) ?? argv[0]!;
  return basename(script).replace(/\.[a-z0-9]+$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'external';
}

export async function runConformance(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        case: { type: 'string', multiple: true }, agents: { type: 'string' }, agent: { type: 'string', multiple: true },
        'all-pairs': { type: 'boolean' }, json: { type: 'boolean' }, out: { type: 'string' }, readme: { type: 'string' }, matrix: { type: 'string' },
        'failure-lists': { type: 'string', multiple: true }, 'no-build': { type: 'boolean' }, list: { type: 'boolean' },
        'step-deadline-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    process.stderr.write(`rosetta conformance: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) { process.stdout.write(USAGE); return 0; }
  const log = (line: string): void => { process.stderr.write(`${line}\n`); };

  const patterns = (values.case ?? []).map((p) => ({ run: p.includes('['), re: globToRegExp(p) }));
  const cases = ALL_CASES.filter((c) => patterns.length === 0 || patterns.some((p) => p.run || p.re.test(c.name)));
  if (values.list) { for (const c of ALL_CASES) process.stdout.write(`${c.name}\t${c.description}\n`); return 0; }
  const runPatterns = patterns.filter((p) => p.run);
  const runFilter = runPatterns.length === 0 ? undefined : (id: string) => runPatterns.some((p) => p.re.test(id)) || patterns.some((p) => !p.run && p.re.test(id.slice(0, id.indexOf('['))));

  const builtins = (values.agents ? values.agents.split(',').map((s) => s.trim()).filter(Boolean) : [...BUILTIN_AGENTS]) as BuiltinAgent[];
  const unknown = builtins.filter((b) => !BUILTIN_AGENTS.includes(b));
  if (unknown.length > 0) { log(`rosetta conformance: unknown agents ${unknown.join(', ')} (built-in: ${BUILTIN_AGENTS.join(', ')})`); return 2; }
  const external: AgentCommand[] = (values.agent ?? []).map((spec) => {
    const m = /^([a-z][a-z0-9-]*)=(.+)$/.exec(spec);
    const [command, ...args] = split(m ? m[2]! : spec);
    return { name: m ? m[1]! : nameFrom([command!, ...args]), command: command!, args };
  });

  if (!values['no-build']) buildAgents(builtins, log);

  // Ports for the Proto.Actor nodes, known before the gateway starts: v2024 ones are announced to it.
  const ports = new Map<string, number[]>();
  for (const name of builtins.filter(isNodeAgent)) {
    const list: number[] = [];
    for (let i = 0; i < (name.startsWith('peer-') ? 1 : NODE_PORTS); i++) list.push(await freePort());
    ports.set(name, list);
  }
  const v2024Ports = [...ports.entries()].filter(([n]) => dialectOf(n) === 'v2024').flatMap(([, p]) => p);
  const started = performance.now();
  log(`starting the gateway under test (${builtins.length + external.length} agents, ${cases.length} cases)`);
  const gw = await GatewayUnderTest.start({ v2024Ports });
  const init = (name: string) => () => ({
    gatewayGrpc: gw.grpc, gatewayWs: gw.ws, token: gw.tokens.main, tenant: Tenants.main, listenPorts: ports.get(name) ?? [], listenHost: '127.0.0.1',
  });
  const agents: Agent[] = builtins.map((name) => name === 'peer-v2024' || name === 'peer-v2025'
    ? new RealPeerAgent(name, ports.get(name)![0]!, gw.grpc, gw.tokens.main)
    : new AgentProcess(commandFor(name), init(name)));
  for (const spec of external) agents.push(new AgentProcess({ ...spec, cwd: process.cwd() }, init(spec.name)));
  const externalNames = new Set(external.map((e) => e.name));
  const pairFilter = externalNames.size > 0 && !values['all-pairs'] ? (s: string, r: string) => externalNames.has(s) || externalNames.has(r) : undefined;

  let rows: ResultRow[] = [];
  let status = 0;
  try {
    rows = await execute({
      cases, agents, pairFilter, runFilter, tokens: gw.tokens, gateway: { grpc: gw.grpc, ws: gw.ws },
      ...(values['step-deadline-ms'] ? { maxStepDeadlineMs: Number(values['step-deadline-ms']) } : {}),
      onResult: (row, i, total) => {
        const width = String(total).length;
        log(`[${String(i).padStart(width)}/${total}] ${row.outcome.padEnd(5)} ${row.id} ${row.durationMs} ms${row.outcome === 'pass' || row.outcome === 'skip' ? '' : `: ${row.message.split('\n')[0]!.slice(0, 300)}`}`);
        if (values.json) process.stdout.write(JSON.stringify(row) + '\n');
      },
    });
  } finally {
    for (const a of agents) await a.stop();
    await gw.stop();
  }
  const wallMs = Math.round(performance.now() - started);

  const lists = loadFailureLists(agents.map((a) => a.name), [join(REPO, 'conformance'), ...(values['failure-lists'] ?? []).map((d) => resolve(d))]);
  const verdict = judge(rows, lists);
  const out = resolve(values.out ?? join(REPO, 'conformance/results'));
  mkdirSync(out, { recursive: true });
  const summary = await writeReports(rows, out, { wallMs, agents: agents.map((a) => ({ name: a.name, detail: a.info?.detail ?? '' })) });
  if (values.readme) updateReadme(resolve(values.readme), summary.markdown);
  if (values.matrix) writeFileSync(resolve(values.matrix), summary.full);

  const count = (o: string) => rows.filter((r) => r.outcome === o).length;
  log(`\n${rows.length} runs in ${(wallMs / 1000).toFixed(1)} s: ${count('pass')} pass, ${count('fail')} fail, ${count('crash')} crash, ${count('hang')} hang, ${count('skip')} skipped; reports in ${out}`);
  const expected = rows.filter((r) => r.expected);
  if (expected.length > 0) log(`${expected.length} failures are listed in failure lists (expected)`);
  for (const r of verdict.unexpected) log(`UNEXPECTED ${r.outcome}: ${r.id}: ${r.message.split('\n')[0]}`);
  for (const s of verdict.stale) log(`ERROR ${staleMessage(s)}`);
  if (verdict.unexpected.length > 0 || verdict.stale.length > 0) status = 1;
  return status;
}
