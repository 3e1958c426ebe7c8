/**
 * Child process for memory-flood: the attack from the security report, in one
 * process with a small heap — one tenant with no actor quota activates a new
 * `counter/<i>` (the example kind) per message, as fast as one thread can, while
 * the process's memory guard watches. Prints progress lines and a final summary;
 * dying of heap exhaustion is the failure this measures.
 */
import v8 from 'node:v8';
import { MemoryGuard } from '../../gateway/actors/index.js';
import { TenantSpaces, UNLIMITED_QUOTA, tenantSetup } from '../../gateway/tenancy/index.js';
import { setup } from '../../examples/dev-actors.js';

const total = Number(process.argv[2] ?? 8_000_000);
const guard = new MemoryGuard({ warn: () => {} }).start();
const spaces = new TenantSpaces((s) => setup(tenantSetup(s)), UNLIMITED_QUOTA, { memoryGuard: guard });
const system = spaces.get('flood').system;
const t0 = performance.now();
let peak = 0;
let peakLive = 0;
for (let i = 0; i < total; i++) {
  system.root.send(system.pid('counter/' + i), 'inc');
  if ((i & 8191) === 8191) {
    await new Promise((r) => setImmediate(r));
    const h = v8.getHeapStatistics();
    peak = Math.max(peak, h.used_heap_size / h.heap_size_limit);
    peakLive = Math.max(peakLive, system.kinds.live);
  }
}
const h = v8.getHeapStatistics();
process.stdout.write(JSON.stringify({
  event: 'flooded', activationsSent: total, seconds: (performance.now() - t0) / 1000, heapLimitMB: h.heap_size_limit / 2 ** 20,
  peakHeapPercent: 100 * peak, peakLive, liveAtEnd: system.kinds.live, refusedUnderPressure: system.kinds.refusedUnderPressure,
  rounds: guard.stats.rounds, passivated: guard.stats.passivated,
}) + '\n');
process.exit(0);
