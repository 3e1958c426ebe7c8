/**
 * When a case applies to a (sender, receiver) pair. Proto.Actor nodes of one wire dialect reach
 * each other directly, as protoactor-go does — no gateway on the path, so nothing the gateway
 * enforces (tokens, tenants) is a case between them. Nodes of different dialects reach each other
 * only through the gateway (`$relay/<address>/<id>`), and only one way: the receiver answers the
 * sender's own PID directly, in its own dialect (see conformance/README.md, Known limitations).
 */
import { AgentKind } from '../runner/agent-codec.js';
import type { Participant } from '../runner/case.js';

export const DIRECT = 'Proto.Actor nodes of one dialect talk directly: the gateway is not on the path';
export const NO_REPLY_PATH = 'nodes of different wire dialects: requests reach the receiver through the gateway, but replies and Terminated go node to node in the wrong dialect';
export const IN_PROCESS_TRUSTED = 'in-process actors hold no token: the gateway trusts its own code';

export function nodeToNode(s: Participant, r: Participant): boolean {
  return s.kind === AgentKind.NODE && r.kind === AgentKind.NODE;
}

export function crossDialect(s: Participant, r: Participant): boolean {
  return nodeToNode(s, r) && s.dialect !== r.dialect;
}

/** For cases that need an answer from the receiver's side (a reply, a Terminated). */
export function needsReplyPath(s: Participant, r: Participant): string | undefined {
  return crossDialect(s, r) ? NO_REPLY_PATH : undefined;
}

/** For cases about what the gateway enforces. */
export function needsGateway(s: Participant, r: Participant): string | undefined {
  return nodeToNode(s, r) && s.dialect === r.dialect ? DIRECT : undefined;
}

/** For cases about the sender's credentials. */
export function needsCredentials(s: Participant, r: Participant): string | undefined {
  if (s.kind === AgentKind.IN_PROCESS) return IN_PROCESS_TRUSTED;
  return needsGateway(s, r);
}
