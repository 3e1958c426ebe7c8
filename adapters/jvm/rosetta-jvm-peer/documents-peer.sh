#!/usr/bin/env bash
# Runs dev.rosetta.peer.DocumentsPeer: a JVM client of replicated documents driven by JSON lines on
# stdin, events on stdout (see DocumentsPeer.java). Builds the module first when it is missing
# (build output and logs go to stderr; stdout carries only JSON lines). Arguments are passed on:
#   adapters/jvm/rosetta-jvm-peer/documents-peer.sh --gateway 127.0.0.1:8090 --token "$JWT" --member-id jvm-1
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -f "$here/target/classes/dev/rosetta/peer/DocumentsPeer.class" ] || [ ! -d "$here/target/lib" ]; then
  mvn -q -B package -DskipTests -f "$here/../pom.xml" -pl rosetta-jvm-peer -am >&2
fi
exec java -cp "$here/target/classes:$here/target/lib/*" dev.rosetta.peer.DocumentsPeer "$@"
