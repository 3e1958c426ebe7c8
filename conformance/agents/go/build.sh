#!/usr/bin/env bash
# Builds the Go conformance agent against both wire dialects: go-v2024/bin/agent and
# go-v2025/bin/agent (the runner calls this when a binary is missing or older than its sources).
# Regenerate conformance.pb.go after changing conformance/conformance.proto:
#   protoc --go_out=conformance/agents/go --go_opt=paths=source_relative \
#     --go_opt=Mconformance.proto="github.com/rosetta-gateway/rosetta/conformance/agents/go;main" \
#     -I conformance conformance/conformance.proto
set -euo pipefail
cd "$(dirname "$0")/.."
for dir in go-v2024 go-v2025; do
  (cd "$dir" && go build -o bin/agent . && echo "built conformance/agents/$dir/bin/agent")
done
