/** The TS constants of the wire vocabulary equal protocol/vocabulary.json, which the Go and JVM adapters check too. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CrdtReason } from '../../crdt/index.js';
import { fileURLToPath } from 'node:url';
import {
  ACTIVATOR_ID, AUTH_REASONS, CLIENT_ID_PREFIX, CloseCode, CRDT_ID, REGISTRY_ID, RELAY_ID_PREFIX, TypeName, WS_SESSION_PREFIX,
  WS_SUBPROTOCOL_MSGPACK, WS_SUBPROTOCOL_PROTOBUF,
} from '../../protocol/index.js';

const v = JSON.parse(readFileSync(fileURLToPath(new URL('../../../protocol/vocabulary.json', import.meta.url)), 'utf8'));

test('vocabulary: ids, prefixes, subprotocols, type names, close codes and auth reasons match vocabulary.json', () => {
  assert.deepEqual(v.wellKnownIds, { registry: REGISTRY_ID, crdt: CRDT_ID, activator: ACTIVATOR_ID });
  assert.deepEqual(v.idPrefixes, { client: CLIENT_ID_PREFIX, relay: RELAY_ID_PREFIX, wsSession: WS_SESSION_PREFIX });
  assert.deepEqual(v.subprotocols, { msgpack: WS_SUBPROTOCOL_MSGPACK, protobuf: WS_SUBPROTOCOL_PROTOBUF });
  assert.deepEqual(v.typeNames, { ...TypeName });
  assert.deepEqual(v.closeCodes, { ...CloseCode });
  assert.deepEqual(v.authReasons, [...AUTH_REASONS]);
  assert.deepEqual([...v.crdtReasons].sort(), Object.values(CrdtReason).sort());
});
