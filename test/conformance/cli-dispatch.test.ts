/**
 * `rosetta conformance` is a thin dispatch: no gateway module imports conformance code (the CLI
 * loads the runner with a dynamic import, for that command only), so a gateway never loads it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) sources(rel, out);
    else if (name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

test('conformance - no gateway module imports conformance code; the CLI loads the runner only for its command', () => {
  const offenders = sources('gateway').filter((f) => /^\s*(?:import|export)[^'"]*?from\s+['"][^'"]*conformance\//m.test(readFileSync(join(root, f), 'utf8')));
  assert.deepEqual(offenders, []);
  const cli = readFileSync(join(root, 'gateway/cli/main.ts'), 'utf8');
  assert.match(cli, /await import\(runner\)/, 'the CLI imports the runner dynamically');
});
