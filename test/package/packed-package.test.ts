/**
 * The package as a user gets it: `npm pack`, install the tarball into a fresh
 * project, and run examples/own-actors.mjs there — a gateway hosting its own actor,
 * answered through the client — importing only the package's public entry points.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
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
  // The types resolve for TypeScript users too (the exports map names them).
  const types = execFileSync(process.execPath, ['-e', "const p=require('./node_modules/rosetta/package.json');console.log(Object.values(p.exports).filter(e=>e.types).length)"], { cwd: dir, encoding: 'utf8' });
  assert.equal(Number(types), 5);
});
