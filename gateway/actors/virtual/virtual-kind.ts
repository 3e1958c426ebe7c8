/**
 * A registered kind of virtual actor as its activations see it (through their
 * Props), and the `<kind>/<identity>` id grammar. An activation stores neither
 * its kind nor its identity: both are read back from its id when needed.
 */

export interface VirtualKind {
  readonly name: string;
  /** Passivate after this long without user messages; 0 = never by idleness. */
  readonly idleTimeoutMs: number;
  /** Sweep age (in sweep periods) at which an unused activation is passivated; Infinity = never. */
  passivateAtAge: number;
}

/** `[kind, identity]` of a `<kind>/<identity>` id, or undefined when the id is not of that shape. */
export function splitVirtualId(id: string): [kind: string, identity: string] | undefined {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return undefined;
  return [id.slice(0, slash), id.slice(slash + 1)];
}

/** The identity part of an activation's id (everything after the kind and its slash). */
export function identityOf(kind: VirtualKind, id: string): string {
  return id.slice(kind.name.length + 1);
}
