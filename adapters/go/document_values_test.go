package rosetta

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// throughTheWire marshals entries as the remote does and reads them back.
func throughTheWire(t *testing.T, entries []*rosettapb.CrdtEntry) []*rosettapb.CrdtEntry {
	t.Helper()
	b, err := proto.Marshal(&rosettapb.CrdtChanged{Entries: entries})
	if err != nil {
		t.Fatal(err)
	}
	var back rosettapb.CrdtChanged
	if err := proto.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	return back.GetEntries()
}

func TestValuesRoundTripThroughTheWire(t *testing.T) {
	type item struct {
		SKU   string   `json:"sku"`
		Qty   int      `json:"qty"`
		Tags  []string `json:"tags"`
		Price float64  `json:"price,omitempty"`
	}
	cases := []struct {
		name string
		in   any
		want any
	}{
		{"nil", nil, nil},
		{"bool", true, true},
		{"string", "héllo", "héllo"},
		{"int", 42, float64(42)},
		{"negative int64", int64(-7), float64(-7)},
		{"uint8", uint8(255), float64(255)},
		{"largest exact integer", int64(1<<53 - 1), float64(1<<53 - 1)},
		{"float", 2.5, 2.5},
		{"float32", float32(0.5), 0.5},
		{"map", map[string]any{"a": 1, "b": []any{"x", false, nil}}, map[string]any{"a": float64(1), "b": []any{"x", false, nil}}},
		{"list", []any{1, "two", map[string]any{}}, []any{float64(1), "two", map[string]any{}}},
		{"struct via json", item{SKU: "s-1", Qty: 3, Tags: []string{"a"}}, map[string]any{"sku": "s-1", "qty": float64(3), "tags": []any{"a"}}},
		{"typed map via json", map[string]int{"n": 1}, map[string]any{"n": float64(1)}},
		{"typed slice via json", []string{"a", "b"}, []any{"a", "b"}},
		{"nested bytes are base64, as the gateway writes them", map[string]any{"b": []byte{1, 2, 3}}, map[string]any{"b": "AQID"}},
		{"a protobuf Value passes as is", structpb.NewStringValue("pv"), "pv"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, err := EntryToProto("k", c.in)
			if err != nil {
				t.Fatal(err)
			}
			if e.GetIsBinary() {
				t.Fatalf("%T became a binary entry", c.in)
			}
			key, got := EntryFromProto(throughTheWire(t, []*rosettapb.CrdtEntry{e})[0])
			if key != "k" || !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %q=%#v, want %#v", key, got, c.want)
			}
		})
	}
}

func TestBytesAreBinaryEntries(t *testing.T) {
	e, err := EntryToProto("blob", []byte{0, 255, 7})
	if err != nil {
		t.Fatal(err)
	}
	if !e.GetIsBinary() || e.GetValue() != nil {
		t.Fatalf("want a binary entry without a value, got %v", e)
	}
	_, got := EntryFromProto(throughTheWire(t, []*rosettapb.CrdtEntry{e})[0])
	if !bytes.Equal(got.([]byte), []byte{0, 255, 7}) {
		t.Fatalf("got %#v", got)
	}
	// An empty binary entry stays binary (the wire drops empty bytes fields).
	e, _ = EntryToProto("empty", []byte{})
	_, got = EntryFromProto(throughTheWire(t, []*rosettapb.CrdtEntry{e})[0])
	if b, ok := got.([]byte); !ok || len(b) != 0 {
		t.Fatalf("got %#v, want empty []byte", got)
	}
}

func TestValuesAJSONNumberCannotHoldAreRefused(t *testing.T) {
	deep := map[string]any{}
	cur := deep
	for i := 0; i < MaxValueDepth+1; i++ {
		next := map[string]any{}
		cur["d"] = next
		cur = next
	}
	cyclic := map[string]any{}
	cyclic["self"] = cyclic
	cases := []struct {
		name string
		in   any
		want string
	}{
		{"int64 beyond 2^53", int64(1 << 53), "beyond"},
		{"negative beyond 2^53", -int64(1<<53) - 5, "beyond"},
		{"uint64 beyond 2^53", uint64(math.MaxUint64), "beyond"},
		{"beyond 2^53 inside a struct", struct{ N uint64 }{math.MaxUint64}, "beyond"},
		{"NaN", math.NaN(), "not a JSON number"},
		{"+Inf", math.Inf(1), "not a JSON number"},
		{"invalid UTF-8", string([]byte{0xff, 0xfe}), "UTF-8"},
		{"too deep", deep, "nested deeper"},
		{"cyclic", cyclic, "nested deeper"},
		{"channel", make(chan int), "cannot be a document value"},
		{"NaN inside a list", []any{1, math.NaN()}, "not a JSON number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := EntryToProto("k", c.in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want an error containing %q, got %v", c.want, err)
			}
		})
	}
}

func TestEntriesToProtoInKeyOrderAndBack(t *testing.T) {
	in := map[string]any{"b": 2, "a": "x", "c": []byte{9}}
	entries, err := EntriesToProto(in)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, e := range entries {
		keys = append(keys, e.GetKey())
	}
	if !reflect.DeepEqual(keys, []string{"a", "b", "c"}) {
		t.Fatalf("keys %v", keys)
	}
	want := map[string]any{"a": "x", "b": float64(2), "c": []byte{9}}
	if got := EntriesFromProto(throughTheWire(t, entries)); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v", got)
	}
	if got := EntriesFromProto(nil); got == nil || len(got) != 0 {
		t.Fatalf("no entries: want an empty map, got %#v", got)
	}
	if _, err := EntriesToProto(map[string]any{"bad": math.Inf(-1)}); err == nil || !strings.Contains(err.Error(), `"bad"`) {
		t.Fatalf("the error names the key: %v", err)
	}
}
