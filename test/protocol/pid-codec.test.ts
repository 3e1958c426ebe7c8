import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePid, encodePid, MalformedFrameError, type WirePid } from '../../protocol/index.js';
import { fromHex, loadVectors, toHex } from './vectors.js';

for (const v of loadVectors('pid.json').vectors) {
  test(`pid codec - ${v.name}${v.error ? ` fails with ${v.error.reason}` : ' round-trips'}`, () => {
    if (v.error) {
      assert.throws(() => decodePid(fromHex(v.hex)), (e: unknown) => e instanceof MalformedFrameError && e.reason === v.error!.reason);
      return;
    }
    assert.deepEqual(decodePid(fromHex(v.hex)), v.decoded);
    assert.equal(toHex(encodePid(v.decoded as WirePid)), v.hex);
  });
}
