/**
 * Replicated state: two agents write different keys of one map in one document through the
 * gateway's documents — each through its adapter's own document API (the client's SyncedDocuments,
 * the TS actor state API, Go's Documents, the JVM's `dev.rosetta.jvm.documents`) — and
 * both read the merged map. The gateway is on every path, Proto.Actor nodes' included.
 */
import { Code } from '../runner/agent-codec.js';
import { check, Skip, type CaseDef } from '../runner/case.js';

export const crdtCases: CaseDef[] = [
  {
    name: 'Required.Crdt.Convergence',
    description: 'writes of two agents to one map through the CRDT service converge: both read both keys',
    async run(ctx) {
      const document = ctx.name('doc');
      const w1 = await ctx.sender.raw('crdtWrite', { document, name: 'm', key: 'sender', value: ctx.sender.name });
      if (w1.result === 'error' && w1.error.code === Code.NOT_FOUND) throw new Skip('the gateway does not serve CRDT documents ($crdt is a dead letter)');
      check(w1.result === 'ok', `the sender's write: ${JSON.stringify(w1)}`);
      await ctx.receiver.ok('crdtWrite', { document, name: 'm', key: 'receiver', value: ctx.receiver.name });
      const want = JSON.stringify({ receiver: ctx.receiver.name, sender: ctx.sender.name });
      for (const role of [ctx.sender, ctx.receiver]) {
        const r = await role.ok('crdtRead', { document, name: 'm', minEntries: 2, waitMs: 5000 });
        const got = JSON.stringify(Object.fromEntries(Object.entries(r.entries).sort(([a], [b]) => a.localeCompare(b))));
        check(got === want, `${role.name} (${role.label}) reads ${got}, want ${want}`);
      }
    },
  },
];
