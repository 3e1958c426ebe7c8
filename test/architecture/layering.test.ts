/**
 * The import layering, enforced so the structure stays: every source file may
 * import only from its own layer or below —
 *
 *   protocol ← actors ← serialization/log/auth ← edge/tenancy/registry/documents/crdt ← transports (remote, ws)
 *            ← gateway (composition root, operations) ← cli/examples
 *
 * — the two transports never import each other, the actor core knows only the
 * protocol's errors, and the client (adapters/ts) only the protocol, so it bundles
 * for browsers without any gateway code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = normalize(join(dirname(fileURLToPath(import.meta.url)), '../../..'));

/** Layer of a source path (repo-relative, no extension), most specific prefix first. */
const LAYERS: [string, number][] = [
  ['protocol/', 0],
  ['gateway/actors/', 1],
  ['gateway/serialization/', 2], ['gateway/log/', 2], ['gateway/auth/', 2],
  ['gateway/edge/', 3], ['gateway/tenancy/', 3], ['gateway/registry/', 3], ['gateway/documents/', 3], ['crdt/', 3],
  ['gateway/remote/', 4], ['gateway/ws/', 4],
  ['gateway/operations/', 5], ['gateway/', 5],
  ['gateway/cli/', 6], ['examples/', 6],
];
const TRANSPORTS = ['gateway/remote/', 'gateway/ws/'];

function layerOf(path: string): number | undefined {
  let best: [string, number] | undefined;
  for (const l of LAYERS) if (path.startsWith(l[0]) && (best === undefined || l[0].length > best[0].length)) best = l;
  return best?.[1];
}

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) sources(rel, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    out.push(relative(root, normalize(join(root, dirname(file), m[1]!))).replace(/\.js$/, ''));
  }
  return out;
}

test('layering: no source file imports from a layer above its own; transports never import each other', () => {
  const violations: string[] = [];
  for (const file of [...sources('protocol'), ...sources('gateway'), ...sources('crdt'), ...sources('examples')]) {
    const own = layerOf(file)!;
    for (const target of imports(file)) {
      const theirs = layerOf(target);
      if (theirs === undefined) continue;
      if (theirs > own) violations.push(`${file} (layer ${own}) imports ${target} (layer ${theirs})`);
      const ft = TRANSPORTS.find((t) => file.startsWith(t));
      const tt = TRANSPORTS.find((t) => target.startsWith(t));
      if (ft && tt && ft !== tt) violations.push(`${file} imports the other transport: ${target}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('layering: the actor core imports only itself and protocol errors', () => {
  const bad = sources('gateway/actors').flatMap((f) => imports(f).filter((t) => !t.startsWith('gateway/actors/') && !t.startsWith('protocol/')).map((t) => `${f} → ${t}`));
  assert.deepEqual(bad, []);
});

test('layering: the client (adapters/ts) imports only itself and the protocol', () => {
  const bad = sources('adapters/ts').flatMap((f) => imports(f).filter((t) => !t.startsWith('adapters/ts/') && !t.startsWith('protocol/')).map((t) => `${f} → ${t}`));
  assert.deepEqual(bad, []);
});

test('layering: the checker sees imports (a deliberate upward import is caught)', () => {
  assert.equal(layerOf('gateway/actors/pid'), 1);
  assert.equal(layerOf('gateway/ws/ws-gateway'), 4);
  assert.ok(imports('gateway/gateway.ts').includes('gateway/remote/index'), 'the composition root imports the transports');
});
