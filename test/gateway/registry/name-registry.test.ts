import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem, PID } from '../../../gateway/actors/index.js';
import { NameRegistry } from '../../../gateway/registry/index.js';

const session = (s: string, name: string) => new PID('gw:1', `${s}/named/${name}`);
const by = (owner: string, subject?: string) => ({ owner, ...(subject ? { subject } : {}) });

test('names: a closing owner drops exactly its own names, and nothing else', () => {
  const names = new NameRegistry(new ActorSystem());
  names.register('a1', session('ws$a', 'a1'), { by: by('ws$a') });
  names.register('a2', session('ws$a', 'a2'), { by: by('ws$a') });
  names.register('b1', session('ws$b', 'b1'), { by: by('ws$b') });
  names.register('go', new PID('go:1', 'worker'), { by: by('node:go:1') });
  names.register('b1', session('ws$b', 'b1-moved'), { replace: true, by: by('ws$b') });
  assert.equal(names.unregisterOwner('ws$a'), 2);
  assert.deepEqual(['a1', 'a2', 'b1', 'go'].map((n) => names.lookup(n)?.id), [undefined, undefined, 'ws$b/named/b1-moved', 'worker']);
  assert.equal(names.unregisterOwner('ws$b'), 1);
  assert.equal(names.size, 1);
  assert.equal(names.unregister('go'), true, 'in-process code may remove any name');
  assert.equal(names.unregisterOwner('node:go:1'), 0);
});

test('names: only the registrant (same connection or same subject) may replace or remove a name', () => {
  const names = new NameRegistry(new ActorSystem());
  names.register('desk', session('ws$a', 'desk'), { by: by('ws$a', 'alice') });
  assert.throws(() => names.register('desk', session('ws$m', 'desk'), { replace: true, by: by('ws$m', 'mallory') }), { code: 'PERMISSION_DENIED', reason: 'name-held' });
  assert.throws(() => names.unregister('desk', by('ws$m', 'mallory')), { code: 'PERMISSION_DENIED', reason: 'name-held' });
  assert.equal(names.lookup('desk')?.id, 'ws$a/named/desk');
  names.register('desk', session('ws$a2', 'desk'), { replace: true, by: by('ws$a2', 'alice') }); // alice again, reconnected
  assert.equal(names.lookup('desk')?.id, 'ws$a2/named/desk');
  assert.equal(names.unregister('desk', by('ws$a2', 'alice')), true);
});

test('names: the quota hook sees only additions, never replacements', () => {
  const seen: number[] = [];
  const names = new NameRegistry(new ActorSystem(), { beforeAdd: (n) => { seen.push(n); if (n >= 2) throw new Error('full'); } });
  names.register('x', session('s', 'x'));
  names.register('y', session('s', 'y'));
  names.register('x', session('s', 'x2'), { replace: true });
  assert.throws(() => names.register('z', session('s', 'z')), /full/);
  assert.deepEqual(seen, [0, 1, 2]);
  assert.equal(names.lookup('z'), undefined);
});
