#!/usr/bin/env node
// Runs compiled benchmarks: `npm run bench -- <name|all> [--json] [--runs N] [--quick]`.
import { existsSync } from 'node:fs';

const LOCAL = ['local-pingpong', 'local-fanout', 'local-ask', 'idle-actor-memory', 'codec-protobuf'];
const OTHERS = ['remote-go', 'remote-jvm', 'ws', 'crdt', 'sigterm-shutdown', 'passivation-sweep', 'memory-flood', 'many-connections'];
const argv = process.argv.slice(2);
const name = argv.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
if (!name) {
  console.error(`usage: npm run bench -- <${[...LOCAL, ...OTHERS, 'all'].join('|')}> [--json] [--runs N] [--quick]`);
  process.exit(2);
}
const names = name === 'all' ? LOCAL : [name];
const { parseArgs } = await import(new URL('../dist/bench/lib/report.js', import.meta.url).href);
for (const n of names) {
  const file = new URL(`../dist/bench/${n}.js`, import.meta.url);
  if (!existsSync(file) || ![...LOCAL, ...OTHERS].includes(n)) {
    console.error(`unknown benchmark '${n}' (known: ${[...LOCAL, ...OTHERS].join(', ')})`);
    process.exit(2);
  }
  const mod = await import(file.href);
  await mod.main(parseArgs(argv));
}
