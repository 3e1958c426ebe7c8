package rosetta

// Which structure of which document a request is about — Akka Distributed Data's Key, with the
// document added: a tenant holds many documents, each with named structures. The structure kind
// must match how the other peers use the name (a browser's doc.getMap("items") is MapKey).

import "github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"

// Key names a structure in a document.
type Key struct {
	Document  string
	Name      string // empty: the whole document (Subscribe to every change, no entries)
	Structure rosettapb.CrdtStructure
}

// MapKey is a Y.Map named name in document (Y.Doc.getMap(name) in a browser).
func MapKey(document, name string) Key {
	return Key{Document: document, Name: name, Structure: rosettapb.CrdtStructure_CRDT_MAP}
}

// KVKey is a KvStore named name in document: key/value state rewritten often, which does not grow
// with overwrites (crdt/README.md).
func KVKey(document, name string) Key {
	return Key{Document: document, Name: name, Structure: rosettapb.CrdtStructure_CRDT_KV}
}

// DocumentKey is a whole document, for Subscribe: every change, with no entries (use
// WithUpdates for its Yjs update bytes).
func DocumentKey(document string) Key {
	return Key{Document: document}
}

func (k Key) String() string {
	if k.Name == "" {
		return k.Document
	}
	kind := "map"
	if k.Structure == rosettapb.CrdtStructure_CRDT_KV {
		kind = "kv"
	}
	return k.Document + "#" + kind + ":" + k.Name
}
