package rosetta

// Regenerate the rosetta.v1 types (needs protoc and protoc-gen-go on PATH):
//go:generate protoc -I ../../protocol/proto --go_out=rosettapb --go_opt=paths=source_relative --go_opt=Mrosetta.proto=github.com/rosetta-gateway/rosetta/adapters/go/rosettapb --go_opt=Mcrdt.proto=github.com/rosetta-gateway/rosetta/adapters/go/rosettapb --go_opt=Mactor.proto=github.com/asynkron/protoactor-go/actor rosetta.proto crdt.proto
