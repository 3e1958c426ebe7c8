package rosetta

// What a subscriber receives: the gateway sends a CrdtChanged for every change of the document
// (whoever made it: browsers, TS actors, other Go actors), in order, numbered per subscription.

import "github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"

// Change is a decoded CrdtChanged (Akka's Changed).
type Change struct {
	Document string
	Name     string         // the subscription's structure; empty for a whole-document subscription
	Entries  map[string]any // current values of the keys that changed (never nil)
	Removed  []string       // keys that no longer exist
	Update   []byte         // the change as a Yjs v1 update, when subscribed WithUpdates
	Seq      uint64         // 1, 2, 3, … per subscription
}

// DecodeChanged converts a CrdtChanged an actor received.
func DecodeChanged(m *rosettapb.CrdtChanged) Change {
	return Change{
		Document: m.GetDocument(),
		Name:     m.GetName(),
		Entries:  EntriesFromProto(m.GetEntries()),
		Removed:  m.GetRemoved(),
		Update:   m.GetUpdate(),
		Seq:      m.GetSeq(),
	}
}
