import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActorSystem, PID, Props, type Process } from '../../../gateway/actors/index.js';
import { AlreadyExistsError } from '../../../protocol/errors.js';
import { waitFor } from '../../helpers/wait.js';

test('process-registry - foreign addresses go to registered address resolvers (the transport seam)', () => {
  const system = new ActorSystem({ address: '127.0.0.1:9000' });
  const sent: unknown[] = [];
  const remote: Process = {
    sendUserMessage: (pid, m, s) => sent.push([pid.address, pid.id, m, s?.id]),
    sendSystemMessage: (pid, m) => sent.push([pid.address, pid.id, m]),
    stop: () => {},
  };
  const off = system.registry.registerAddressResolver((pid) => (pid.address === '10.0.0.1:8000' ? remote : undefined));
  const target = new PID('10.0.0.1:8000', 'echo');
  const me = system.root.spawn(Props.fromFunc(() => {}));
  system.root.request(target, 'hi', me);
  assert.deepEqual(sent, [['10.0.0.1:8000', 'echo', 'hi', me.id]]);
  off();
  system.root.send(new PID('10.0.0.1:8000', 'echo2'), 'lost');
  assert.equal(system.deadLetters.count, 1);
});

test('process-registry - both the advertised address and nonhost are local; names are unique', () => {
  const system = new ActorSystem({ address: 'gw:1' });
  const a = system.root.spawnNamed(Props.fromFunc(() => {}), 'svc');
  assert.equal(a.address, 'gw:1');
  assert.ok(system.registry.isLocal(new PID('nonhost', 'svc')));
  assert.equal(system.registry.get(new PID('nonhost', 'svc')), system.registry.getLocal('svc'));
  assert.throws(() => system.root.spawnNamed(Props.fromFunc(() => {}), 'svc'), AlreadyExistsError);
});

test('process-registry - anonymous ids are $<n>, children are nested under the parent id', async () => {
  const system = new ActorSystem();
  let child: PID | undefined;
  const parent = system.root.spawn(Props.fromFunc((ctx) => { if (ctx.message === 'spawn') child = ctx.spawnNamed(Props.fromFunc(() => {}), 'kid'); }));
  assert.match(parent.id, /^\$[0-9a-z]+$/);
  system.root.send(parent, 'spawn');
  await waitFor(() => child !== undefined, 2000, 'the child to be spawned');
  assert.equal(child!.id, `${parent.id}/kid`);
});
