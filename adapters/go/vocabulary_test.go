package rosetta

import (
	"encoding/json"
	"os"
	"testing"
)

// The Go constants equal protocol/vocabulary.json, the file the TS and JVM sides check too.
func TestVocabularyMatchesProtocol(t *testing.T) {
	raw, err := os.ReadFile("../../protocol/vocabulary.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		WellKnownIDs map[string]string `json:"wellKnownIds"`
		IDPrefixes   map[string]string `json:"idPrefixes"`
		TypeNames    map[string]string `json:"typeNames"`
		CrdtReasons  []string          `json:"crdtReasons"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"registry":  {v.WellKnownIDs["registry"], RegistryID},
		"crdt":      {v.WellKnownIDs["crdt"], CrdtID},
		"activator": {v.WellKnownIDs["activator"], ActivatorID},
		"client":    {v.IDPrefixes["client"], ClientIDPrefix},
		"relay":     {v.IDPrefixes["relay"], RelayIDPrefix},
		"wsSession": {v.IDPrefixes["wsSession"], WsSessionPrefix},
		"Error":     {v.TypeNames["Error"], TypeError},
		"Register":  {v.TypeNames["RegisterName"], TypeRegisterName},
		"RegResp":   {v.TypeNames["RegisterNameResponse"], TypeRegisterNameResponse},
		"Unreg":     {v.TypeNames["UnregisterName"], TypeUnregisterName},
		"UnregResp": {v.TypeNames["UnregisterNameResponse"], TypeUnregisterNameResponse},
		"Lookup":    {v.TypeNames["LookupName"], TypeLookupName},
		"LookResp":  {v.TypeNames["LookupNameResponse"], TypeLookupNameResponse},
		"CrdtGet":   {v.TypeNames["CrdtGet"], TypeCrdtGet},
		"CrdtUpd":   {v.TypeNames["CrdtUpdate"], TypeCrdtUpdate},
		"CrdtSub":   {v.TypeNames["CrdtSubscribe"], TypeCrdtSubscribe},
		"CrdtUnsub": {v.TypeNames["CrdtUnsubscribe"], TypeCrdtUnsubscribe},
		"CrdtChg":   {v.TypeNames["CrdtChanged"], TypeCrdtChanged},
	}
	for name, pair := range want {
		if pair[0] == "" || pair[0] != pair[1] {
			t.Errorf("%s: vocabulary.json says %q, the Go constant is %q", name, pair[0], pair[1])
		}
	}
	reasons := []string{ReasonUpdateTooLarge, ReasonDocumentTooLarge, ReasonMalformedUpdate, ReasonMalformedMessage,
		ReasonMalformedFrame, ReasonInvalidDocumentName, ReasonReadOnly, ReasonReadDenied, ReasonQueueFull,
		ReasonTooManyDocuments, ReasonDocumentClosed, ReasonConsistencyUnavailable, ReasonStoreFailure}
	if len(reasons) != len(v.CrdtReasons) {
		t.Errorf("vocabulary.json has %d crdtReasons, the Go constants %d", len(v.CrdtReasons), len(reasons))
	}
	for i, r := range reasons {
		if i >= len(v.CrdtReasons) || v.CrdtReasons[i] != r {
			t.Errorf("crdtReasons[%d]: the Go constant is %q, vocabulary.json disagrees (%v)", i, r, v.CrdtReasons)
		}
	}
	if RelayID("127.0.0.1:8091", "orders") != "$relay/127.0.0.1:8091/orders" {
		t.Error("RelayID")
	}
}
