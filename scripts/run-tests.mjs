#!/usr/bin/env node
// The whole suite, every language: the Go adapter's tests (go test), the JVM adapter's (mvn verify:
// JUnit 5 against real gateway processes), then every compiled `*.test.js` under dist/ with node's
// test runner. In-process test files run in parallel; files that start processes (gateways, Go
// peers, the JVM) run one at a time, so they never compete for ports or cores with each other.
// Every test has a deadline, and the slowest are reported at the end.
// Usage: node scripts/run-tests.mjs [substring-filter ...]   (filters run only matching node test files)
//        ROSETTA_TEST_LANGUAGES=node node scripts/run-tests.mjs   (every node test file, no go test / mvn verify)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('../dist/', import.meta.url).pathname;
const repo = new URL('../', import.meta.url).pathname;
const filters = process.argv.slice(2);
const TIMEOUT_MS = 180_000;

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) { console.error(`run-tests: ${cmd} could not run: ${r.error.message}`); process.exit(1); }
  return r.status ?? 1;
}

const files = walk(root, [])
  .filter((f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files found under dist/ — did the build run?');
  process.exit(1);
}

// `ROSETTA_TEST_LANGUAGES=node`: the node test files only (CI's second pass on another Node version,
// after every language ran in the first) — said out loud, never silent.
const nodeOnly = process.env['ROSETTA_TEST_LANGUAGES'] === 'node';
if (nodeOnly && filters.length === 0) console.log('\n=== go test and mvn verify not run: ROSETTA_TEST_LANGUAGES=node (node test files only)');
if (filters.length === 0 && !nodeOnly) {
  // Nothing is skipped silently: a missing toolchain fails the run.
  for (const [tool, args] of [['go', ['version']], ['mvn', ['-v']], ['java', ['-version']]]) {
    if (spawnSync(tool, args, { stdio: 'ignore' }).status !== 0) {
      console.error(`run-tests: ${tool} is not installed; the ${tool === 'go' ? 'Go' : 'JVM'} adapter's tests cannot run`);
      process.exit(1);
    }
  }
  console.log('\n=== go test (adapters/go)');
  if (run('go', ['test', './...'], { cwd: join(repo, 'adapters/go') }) !== 0) process.exit(1);
  console.log('\n=== mvn verify (adapters/jvm: Pekko and Akka bindings against real gateways)');
  if (run('mvn', ['-B', '-ntp', 'verify', '-f', join(repo, 'adapters/jvm/pom.xml')]) !== 0) process.exit(1);
}

// A file that starts processes (gateways, peers, packers, children) runs alone.
const SPAWNS = /GatewayProcess|GoPeer|LineProcess|execFileSync|spawn\(|chromium|npm pack|runConformanceCli/;
const serial = files.filter((f) => SPAWNS.test(readFileSync(f, 'utf8')));
const parallel = files.filter((f) => !serial.includes(f));
const reporter = new URL('./slow-test-reporter.mjs', import.meta.url).href;
const common = ['--test', `--test-timeout=${TIMEOUT_MS}`, '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${reporter}`, '--test-reporter-destination=stderr'];
let status = 0;
if (parallel.length > 0) {
  console.log(`\n=== node --test: ${parallel.length} in-process files, ${availableParallelism()} at a time`);
  status = run(process.execPath, [...common, `--test-concurrency=${availableParallelism()}`, ...parallel]);
}
if (serial.length > 0) {
  console.log(`\n=== node --test: ${serial.length} files with real processes, one at a time`);
  status = run(process.execPath, [...common, '--test-concurrency=1', ...serial]) || status;
}
process.exit(status);
