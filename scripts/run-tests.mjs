#!/usr/bin/env node
// Runs the Go adapter's tests, then every compiled `*.test.js` under dist/ with node's built-in test runner.
// Node 20's `--test` does not expand globs, so the file list is built here.
// Usage: node scripts/run-tests.mjs [substring-filter ...]
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('../dist/', import.meta.url).pathname;
const filters = process.argv.slice(2);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const files = walk(root, [])
  .filter((f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files found under dist/ — did the build run?');
  process.exit(1);
}
// The Go adapter's own tests (go test) run first when the whole suite runs.
if (filters.length === 0) {
  const goDir = new URL('../adapters/go/', import.meta.url).pathname;
  const hasGo = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
  if (!hasGo) {
    console.error('run-tests: Go is not installed, so the Go adapter tests and the Go interop tests cannot run');
    process.exit(1);
  }
  const go = spawnSync('go', ['test', './...'], { cwd: goDir, stdio: 'inherit' });
  if (go.status !== 0) process.exit(go.status ?? 1);
}
const args = ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files];
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
