package rosetta

// Values of document entries between Go and the wire. An entry holds a JSON-like value
// (google.protobuf.Value) or bytes (`binary`, a Uint8Array in Yjs). Go values go out as JSON
// would: nil, bool, numbers, strings, map[string]any, []any, and anything encoding/json can
// marshal (structs with json tags, []string, map[string]int, …); []byte as a top-level entry value
// is binary, nested inside a value it is a base64 string (as encoding/json and the gateway write
// it). Numbers are float64 on the wire, so integers beyond ±2^53 and NaN/±Inf are refused rather
// than silently changed. Values come back as Value.AsInterface gives them: nil, bool, float64,
// string, map[string]any, []any — and []byte for binary entries.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/rosetta-gateway/rosetta/adapters/go/rosettapb"
	"google.golang.org/protobuf/types/known/structpb"
)

// MaxValueDepth is how deeply values may nest, the gateway's limit (crdt/proto-values.ts).
const MaxValueDepth = 64

// maxExactInteger is the largest integer a float64 (a JSON and JavaScript number) holds exactly.
const maxExactInteger = 1<<53 - 1

// ValueToProto converts a Go value to a google.protobuf.Value.
func ValueToProto(v any) (*structpb.Value, error) {
	return toValue(v, 0)
}

// ValueFromProto converts a google.protobuf.Value to nil, bool, float64, string, map[string]any
// or []any. A nil Value is nil.
func ValueFromProto(v *structpb.Value) any {
	return v.AsInterface()
}

// EntryToProto makes the CrdtEntry of one key; a []byte value becomes a binary entry.
func EntryToProto(key string, v any) (*rosettapb.CrdtEntry, error) {
	if b, ok := v.([]byte); ok {
		return &rosettapb.CrdtEntry{Key: key, Binary: b, IsBinary: true}, nil
	}
	pv, err := toValue(v, 0)
	if err != nil {
		return nil, fmt.Errorf("rosetta: value of %q: %w", key, err)
	}
	return &rosettapb.CrdtEntry{Key: key, Value: pv}, nil
}

// EntryFromProto is the key and Go value of an entry ([]byte for a binary one).
func EntryFromProto(e *rosettapb.CrdtEntry) (string, any) {
	if e.GetIsBinary() {
		b := e.GetBinary()
		if b == nil {
			b = []byte{}
		}
		return e.GetKey(), b
	}
	return e.GetKey(), ValueFromProto(e.GetValue())
}

// EntriesToProto converts values to entries, in key order.
func EntriesToProto(values map[string]any) ([]*rosettapb.CrdtEntry, error) {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*rosettapb.CrdtEntry, 0, len(keys))
	for _, k := range keys {
		e, err := EntryToProto(k, values[k])
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// EntriesFromProto converts entries to a map (never nil).
func EntriesFromProto(entries []*rosettapb.CrdtEntry) map[string]any {
	out := make(map[string]any, len(entries))
	for _, e := range entries {
		k, v := EntryFromProto(e)
		out[k] = v
	}
	return out
}

func toValue(v any, depth int) (*structpb.Value, error) {
	if depth > MaxValueDepth {
		return nil, fmt.Errorf("value nested deeper than %d", MaxValueDepth)
	}
	switch x := v.(type) {
	case nil:
		return structpb.NewNullValue(), nil
	case *structpb.Value:
		if x == nil {
			return structpb.NewNullValue(), nil
		}
		return x, nil
	case bool:
		return structpb.NewBoolValue(x), nil
	case string:
		if !utf8.ValidString(x) {
			return nil, fmt.Errorf("string %q is not valid UTF-8", x)
		}
		return structpb.NewStringValue(x), nil
	case int:
		return intValue(int64(x))
	case int8:
		return intValue(int64(x))
	case int16:
		return intValue(int64(x))
	case int32:
		return intValue(int64(x))
	case int64:
		return intValue(x)
	case uint:
		return uintValue(uint64(x))
	case uint8:
		return uintValue(uint64(x))
	case uint16:
		return uintValue(uint64(x))
	case uint32:
		return uintValue(uint64(x))
	case uint64:
		return uintValue(x)
	case float32:
		return floatValue(float64(x))
	case float64:
		return floatValue(x)
	case json.Number:
		if !strings.ContainsAny(string(x), ".eE") {
			i, err := x.Int64()
			if err != nil {
				return nil, fmt.Errorf("integer %s is beyond ±2^53, which a JSON number cannot hold exactly", x)
			}
			return intValue(i)
		}
		f, err := x.Float64()
		if err != nil {
			return nil, fmt.Errorf("number %s: %w", x, err)
		}
		return floatValue(f)
	case map[string]any:
		fields := make(map[string]*structpb.Value, len(x))
		for k, e := range x {
			pv, err := toValue(e, depth+1)
			if err != nil {
				return nil, fmt.Errorf("%q: %w", k, err)
			}
			fields[k] = pv
		}
		return structpb.NewStructValue(&structpb.Struct{Fields: fields}), nil
	case []any:
		values := make([]*structpb.Value, len(x))
		for i, e := range x {
			pv, err := toValue(e, depth+1)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			values[i] = pv
		}
		return structpb.NewListValue(&structpb.ListValue{Values: values}), nil
	default:
		return viaJSON(v, depth)
	}
}

// viaJSON converts what encoding/json can marshal (structs, typed slices and maps, []byte as
// base64, json.Marshalers) through its JSON form, keeping integers exact.
func viaJSON(v any, depth int) (*structpb.Value, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("a %T cannot be a document value: %w", v, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var plain any
	if err := dec.Decode(&plain); err != nil {
		return nil, fmt.Errorf("a %T cannot be a document value: %w", v, err)
	}
	return toValue(plain, depth)
}

func intValue(i int64) (*structpb.Value, error) {
	if i > maxExactInteger || i < -maxExactInteger {
		return nil, fmt.Errorf("integer %d is beyond ±2^53, which a JSON number cannot hold exactly", i)
	}
	return structpb.NewNumberValue(float64(i)), nil
}

func uintValue(u uint64) (*structpb.Value, error) {
	if u > maxExactInteger {
		return nil, fmt.Errorf("integer %d is beyond 2^53, which a JSON number cannot hold exactly", u)
	}
	return structpb.NewNumberValue(float64(u)), nil
}

func floatValue(f float64) (*structpb.Value, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("%v is not a JSON number", f)
	}
	return structpb.NewNumberValue(f), nil
}
