package rosetta

// The wire vocabulary shared by every Rosetta language (protocol/vocabulary.json; vocabulary_test.go
// checks these constants against it): well-known ids, id forms, and the type names of gateway messages.
const (
	// RegistryID is the name registry service actor of a tenant (RegisterName / LookupName / UnregisterName).
	RegistryID = "$registry"
	// CrdtID is the replicated-state service actor of a tenant (CrdtGet / CrdtUpdate / CrdtSubscribe / CrdtUnsubscribe).
	CrdtID = "$crdt"
	// ActivatorID is Proto.Actor's remote-spawn service actor.
	ActivatorID = "activator"
	// ClientIDPrefix starts the ids of actors hosted by a gRPC client connection: $client/<member id>/<id>.
	ClientIDPrefix = "$client/"
	// RelayIDPrefix addresses an actor at another node through the gateway: $relay/<address>/<id>.
	RelayIDPrefix = "$relay/"
	// WsSessionPrefix starts the ids of actors hosted by a WebSocket session: ws$<session>/<name>.
	WsSessionPrefix = "ws$"

	TypeError                  = "rosetta.v1.Error"
	TypeRegisterName           = "rosetta.v1.RegisterName"
	TypeRegisterNameResponse   = "rosetta.v1.RegisterNameResponse"
	TypeUnregisterName         = "rosetta.v1.UnregisterName"
	TypeUnregisterNameResponse = "rosetta.v1.UnregisterNameResponse"
	TypeLookupName             = "rosetta.v1.LookupName"
	TypeLookupNameResponse     = "rosetta.v1.LookupNameResponse"
	TypeCrdtGet                = "rosetta.v1.CrdtGet"
	TypeCrdtUpdate             = "rosetta.v1.CrdtUpdate"
	TypeCrdtSubscribe          = "rosetta.v1.CrdtSubscribe"
	TypeCrdtUnsubscribe        = "rosetta.v1.CrdtUnsubscribe"
	TypeCrdtChanged            = "rosetta.v1.CrdtChanged"
)

// RelayID is the target id a gRPC client uses to reach PID{address, id} through the gateway.
func RelayID(address, id string) string { return RelayIDPrefix + address + "/" + id }
