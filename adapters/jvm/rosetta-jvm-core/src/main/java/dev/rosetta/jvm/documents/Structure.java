package dev.rosetta.jvm.documents;

import dev.rosetta.protocol.v1.CrdtStructure;

/**
 * The kind of a named structure in a document: {@link #MAP} is a Y.Map (every overwrite leaves a
 * tombstone), {@link #KV} a KvStore (a Y.Array of {@code {key, val}} entries, last write wins, the
 * document does not grow with overwrites). A structure is read and written as the kind it was
 * created as: the same name as MAP and as KV are two different things in the document.
 */
public enum Structure {
  MAP(CrdtStructure.CRDT_MAP),
  KV(CrdtStructure.CRDT_KV);

  private final CrdtStructure wire;

  Structure(CrdtStructure wire) {
    this.wire = wire;
  }

  public CrdtStructure toProto() {
    return wire;
  }
}
