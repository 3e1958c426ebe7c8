/**
 * The package as a user gets it: `npm pack`, install the tarball into a fresh
 * project, and run examples/own-actors.mjs there — a gateway hosting its own actor,
 * answered through the client — importing only the package's public entry points.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

test('package: npm pack → install in a new project → the own-actors example runs', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rosetta-consumer-'));
  execFileSync(npm, ['pack', '--pack-destination', dir, '--silent'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync(npm, ['install', `./${tarball}`, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
  copyFileSync(join(repo, 'examples', 'own-actors.mjs'), join(dir, 'own-actors.mjs'));
  const out = execFileSync(process.execPath, ['own-actors.mjs'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.equal(out.trim(), 'hello, world');
  // The types resolve for TypeScript users too: every entry point the exports map names has its declaration file in the package.
  const installed = join(dir, 'node_modules', 'rosetta');
  const published = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { exports: Record<string, { types?: string }> };
  const typed = Object.entries(published.exports).filter(([, e]) => e.types);
  assert.ok(typed.length >= 5, 'the gateway, client, documents and protocol entry points carry types');
  for (const [entry, e] of typed) assert.ok(existsSync(join(installed, e.types!)), `${entry}: ${e.types} is in the package`);
});
