/**
 * The protobuf full names that travel in envelopes' type tables: Proto.Actor's own
 * system messages, the well-known string wrapper, and Rosetta's gateway messages
 * (proto/rosetta.proto, proto/crdt.proto). One constant each, used by the gateway,
 * the TS client and (as the same strings, checked against vocabulary.json) the Go
 * and JVM adapters.
 */
export const TypeName = {
  StringValue: 'google.protobuf.StringValue',
  Watch: 'actor.Watch',
  Unwatch: 'actor.Unwatch',
  Terminated: 'actor.Terminated',
  Stop: 'actor.Stop',
  PoisonPill: 'actor.PoisonPill',
  DeadLetterResponse: 'actor.DeadLetterResponse',
  ActorPidRequest: 'remote.ActorPidRequest',
  ActorPidResponse: 'remote.ActorPidResponse',
  Error: 'rosetta.v1.Error',
  RegisterName: 'rosetta.v1.RegisterName',
  RegisterNameResponse: 'rosetta.v1.RegisterNameResponse',
  UnregisterName: 'rosetta.v1.UnregisterName',
  UnregisterNameResponse: 'rosetta.v1.UnregisterNameResponse',
  LookupName: 'rosetta.v1.LookupName',
  LookupNameResponse: 'rosetta.v1.LookupNameResponse',
  CrdtGet: 'rosetta.v1.CrdtGet',
  CrdtGetResponse: 'rosetta.v1.CrdtGetResponse',
  CrdtUpdate: 'rosetta.v1.CrdtUpdate',
  CrdtUpdateResponse: 'rosetta.v1.CrdtUpdateResponse',
  CrdtSubscribe: 'rosetta.v1.CrdtSubscribe',
  CrdtSubscribeResponse: 'rosetta.v1.CrdtSubscribeResponse',
  CrdtUnsubscribe: 'rosetta.v1.CrdtUnsubscribe',
  CrdtUnsubscribeResponse: 'rosetta.v1.CrdtUnsubscribeResponse',
  CrdtChanged: 'rosetta.v1.CrdtChanged',
} as const;
export type TypeName = (typeof TypeName)[keyof typeof TypeName];
