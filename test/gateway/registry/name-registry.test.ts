import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem, PID } from '../../../gateway/actors/index.js';
import { NameRegistry } from '../../../gateway/registry/index.js';

const session = (s: string, name: string) => new PID('gw:1', `${s}/named/${name}`);

test('names: a closing owner drops exactly its own names, including replaced ones, and nothing else', () => {
  const names = new NameRegistry(new ActorSystem());
  names.register('a1', session('ws$a', 'a1'));
  names.register('a2', session('ws$a', 'a2'));
  names.register('b1', session('ws$b', 'b1'));
  names.register('go', new PID('go:1', 'worker'));
  names.register('b1', session('ws$a', 'took-b1'), true); // now owned by ws$a
  assert.equal(names.unregisterOwner('ws$b'), 0, 'ws$b no longer owns b1');
  assert.equal(names.unregisterOwner('ws$a'), 3);
  assert.deepEqual(['a1', 'a2', 'b1', 'go'].map((n) => names.lookup(n)?.id), [undefined, undefined, undefined, 'worker']);
  assert.equal(names.size, 1);
  assert.equal(names.unregister('go'), true);
  assert.equal(names.unregisterOwner('go:1'), 0);
});

test('names: the quota hook sees only additions, never replacements', () => {
  const seen: number[] = [];
  const names = new NameRegistry(new ActorSystem(), { beforeAdd: (n) => { seen.push(n); if (n >= 2) throw new Error('full'); } });
  names.register('x', session('s', 'x'));
  names.register('y', session('s', 'y'));
  names.register('x', session('s', 'x2'), true);
  assert.throws(() => names.register('z', session('s', 'z')), /full/);
  assert.deepEqual(seen, [0, 1, 2]);
  assert.equal(names.lookup('z'), undefined);
});
