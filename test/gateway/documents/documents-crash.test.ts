/**
 * Crash safety through the whole gateway: a client storms writes into a document
 * over its session while the gateway process is killed with SIGKILL, ten times;
 * after each restart on the same data directory, every write the gateway had
 * acknowledged (ACK frames: appended and flushed to disk) is in the document.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { RosettaClient } from '../../../adapters/ts/index.js';
import { SyncedDocuments } from '../../../adapters/ts/documents.js';
import { GatewayProcess } from '../../helpers/gateway-process.js';
import { SeededRandom } from '../../helpers/seeded-random.js';

const ROUNDS = 10;
const IN_FLIGHT = 64;

async function connect(gw: GatewayProcess): Promise<{ client: RosettaClient; docs: SyncedDocuments }> {
  const client = await RosettaClient.connect({ url: gw.wsUrl, WebSocket: WebSocket as any, reconnect: false });
  return { client, docs: new SyncedDocuments(client) };
}

test('documents - SIGKILL mid-storm, 10 times: every acknowledged update is present after each restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rosetta-docs-crash-'));
  const random = new SeededRandom(20261203);
  const acknowledged: string[] = [];
  let written = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const gw = await GatewayProcess.start(['--data-dir', dataDir]);
    const { client, docs } = await connect(gw);
    const d = docs.open('storm/1');
    await d.synced;
    // Everything acknowledged before any earlier kill is here.
    const m = d.doc.getMap<number>('m');
    const missing = acknowledged.filter((k) => !m.has(k));
    assert.deepEqual(missing, [], `round ${round}: acknowledged keys lost`);

    // Storm until this round's share is acknowledged, then kill without warning while writes are in flight.
    // At most IN_FLIGHT writes wait for their acknowledgement: on a busy machine an unbounded storm
    // outruns the gateway, and every later round would replay a document grown without end.
    const target = random.int(40, 160);
    let acked = 0;
    let killed = false;
    let ackArrived: () => void = () => {};
    const reachedTarget = new Promise<void>((resolve) => {
      void (async () => {
        for (let n = 0; !killed; n++) {
          const key = `r${round}-${n}`;
          m.set(key, n);
          written++;
          d.flushed().then(() => { acknowledged.push(key); ackArrived(); if (++acked >= target) resolve(); }, () => { /* the gateway died first: not acknowledged */ });
          if (n - acked >= IN_FLIGHT) await new Promise<void>((r) => { ackArrived = r; });
          else if (n % 8 === 7) await new Promise((r) => setImmediate(r));
        }
      })();
    });
    await reachedTarget;
    gw.child.kill('SIGKILL');
    killed = true;
    await gw.exited;
    client.close();
  }
  // A last start: everything from the last round too.
  const gw = await GatewayProcess.start(['--data-dir', dataDir]);
  try {
    const { client, docs } = await connect(gw);
    const d = docs.open('storm/1');
    await d.synced;
    const m = d.doc.getMap<number>('m');
    assert.deepEqual(acknowledged.filter((k) => !m.has(k)), []);
    assert.ok(acknowledged.length >= ROUNDS * 40, `${acknowledged.length} acknowledged of ${written} written`);
    client.close();
  } finally {
    gw.child.kill('SIGTERM');
    await gw.exited;
  }
});
