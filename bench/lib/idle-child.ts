/**
 * Child process for idle-actor-memory: creates N idle actors and prints heap bytes
 * per actor (heapUsed after − before, both after a full GC). Run with --expose-gc.
 * `rosetta`: N spawned actors; `virtual`: N virtual actors of a trivial kind, each
 * activated by one message to `v/<i>` and measured once the message was processed;
 * `nact`: N nact actors. The registry holds the actors; no PID array is kept here.
 */
import { ActorSystem, Props } from '../../gateway/actors/index.js';
import { nact, type NactRef } from './nact.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const [which, nArg] = process.argv.slice(2);
const n = Number(nArg);

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20));
  gc!(); gc!();
}

await settle();
const before = process.memoryUsage().heapUsed;
let keep: unknown;
if (which === 'rosetta') {
  const system = new ActorSystem();
  const props = Props.fromFunc(() => {});
  for (let i = 0; i < n; i++) system.root.spawn(props);
  keep = system;
} else if (which === 'virtual') {
  const system = new ActorSystem();
  let seen = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => { done = r; });
  system.kinds.register('v', Props.fromFunc((ctx) => { if (ctx.message === 1 && ++seen === n) done(); }));
  for (let i = 0; i < n; i++) {
    system.root.send(system.pid('v/' + i), 1);
    if ((i & 65535) === 65535) await new Promise((r) => setImmediate(r));
  }
  await all;
  keep = system;
} else {
  const system = nact.start();
  const refs: NactRef[] = [];
  for (let i = 0; i < n; i++) refs.push(nact.spawnStateless(system, () => {}, `idle-${i}`));
  keep = [system, refs];
}
await settle();
const after = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ which, n, bytesPerActor: (after - before) / n, alive: keep !== undefined }) + '\n');
