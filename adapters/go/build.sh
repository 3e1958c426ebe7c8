#!/usr/bin/env bash
# Builds the real protoactor-go peer programs (one per wire dialect) into their bin/ folders.
# Used by .ci/run and by the TS integration tests (test/helpers/go-peer.ts).
set -euo pipefail
cd "$(dirname "$0")"
for dir in examples/peer-v2024 examples/peer-v2025; do
  (cd "$dir" && go build -o bin/peer . && echo "built $dir/bin/peer")
done
