module github.com/rosetta-gateway/rosetta/adapters/go

go 1.25

require github.com/asynkron/protoactor-go v0.0.0-20260118094027-288962e52f3f
