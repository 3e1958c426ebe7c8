/**
 * Child process for sigterm-shutdown: the real `rosetta dev` (cli/main.ts, with its
 * transports, memory guard and SIGTERM path), populated through its `ready` hook with
 * N actors in the default tenant — half plain (spawned), half virtual (`counter/<i>`,
 * the example kind, each activated by one request). Prints `populated`, then waits
 * for SIGTERM like any `rosetta dev`; on exit prints how the shutdown went.
 */
import { Props, Stopped } from '../../gateway/actors/index.js';
import { main } from '../../gateway/cli/main.js';

const n = Number(process.argv[2] ?? 1_000_000);
let signalledAt = 0;
let stoppedHooks = 0;
let live = 0;
let system: import('../../gateway/actors/index.js').ActorSystem | undefined;
process.on('SIGTERM', () => { signalledAt = performance.now(); });
process.on('exit', () => {
  process.stdout.write(JSON.stringify({ event: 'exiting', msSinceSigterm: performance.now() - signalledAt, before: live, stoppedHooks, left: system?.liveActors }) + '\n');
});

const code = await main('dev', ['--grpc-port', '0', '--ws-port', '0', '--max-actors', String(n + 1000)], {
  async ready(gateway) {
    system = gateway.space().system;
    const s = system;
    // Plain actors with a Stopped hook: it must still run for each of them on SIGTERM.
    const plain = Props.fromFunc((ctx) => { if (ctx.message instanceof Stopped) stoppedHooks++; });
    for (let i = 0; i < n / 2; i++) s.root.spawn(plain);
    let answered = 0;
    let done!: () => void;
    const all = new Promise<void>((r) => { done = r; });
    const collector = s.root.spawn(Props.fromFunc((ctx) => { if (typeof ctx.message === 'string' && ++answered === n / 2) done(); }));
    for (let i = 0; i < n / 2; i++) {
      s.root.request(s.pid('counter/' + i), 'inc', collector);
      if ((i & 16383) === 16383) await new Promise((r) => setImmediate(r));
    }
    await all;
    live = s.liveActors;
    process.stdout.write(JSON.stringify({ event: 'populated', live, kinds: s.kinds.live, heapUsed: process.memoryUsage().heapUsed }) + '\n');
  },
});
process.exitCode = code;
