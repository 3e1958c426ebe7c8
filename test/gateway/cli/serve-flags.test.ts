/** Every flag `rosetta --help` lists for start/dev is accepted, and each lands where gateway/config.ts reads it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HELP } from '../../../gateway/cli/main.js';
import { parseServeFlags, SERVE_OPTIONS } from '../../../gateway/cli/gateway-flags.js';
import { resolveConfig } from '../../../gateway/config.js';

/** `--flag <value>` and `--flag` lines of the help text. */
const listed = [...HELP.matchAll(/^\s+(?:-\w, )?--([a-z-]+)( <[^>]+>)?/gm)].map((m) => ({ flag: m[1]!, takesValue: m[2] !== undefined }));

test('cli - every flag of the help text is one the parser accepts, with or without a value as the help says', () => {
  assert.ok(listed.length >= 20, `found ${listed.length} flags in the help`);
  for (const { flag, takesValue } of listed) {
    assert.ok(flag in SERVE_OPTIONS, `--${flag} is in the help but the parser does not know it`);
    assert.equal((SERVE_OPTIONS as Record<string, { type: string }>)[flag]!.type === 'string', takesValue, `--${flag}: help and parser disagree on its value`);
  }
  for (const flag of Object.keys(SERVE_OPTIONS)) assert.ok(listed.some((l) => l.flag === flag), `--${flag} is accepted but not in the help`);
});

test('cli - quota and document flags reach the configuration', () => {
  const { options } = parseServeFlags(['--max-actors', '500', '--max-connections', '7', '--yjs-path', '/docs', '--quota', 'acme:actors=9'], false);
  const c = resolveConfig(options);
  assert.equal(c.quotas.default.actors, 500);
  assert.equal(c.quotas.default.connections, 7);
  assert.equal(c.quotas.perTenant['acme']!.actors, 9);
  assert.equal(c.documents.yjsPath, '/docs');
  assert.equal(c.documents.enabled, true);
  assert.equal(resolveConfig(parseServeFlags(['--no-documents'], false).options).documents.enabled, false);
  assert.throws(() => resolveConfig(parseServeFlags(['--yjs-path', 'no-slash'], false).options), /yjsPath/);
});
