#!/usr/bin/env bash
# The full side-by-side benchmark (about 20 minutes on 2 cores: plain chat about 15, tool calls and embeddings about 5): regenerates
# benchmarks/results/latest.json and docs/benchmarks.md. Extra arguments go to Maven,
# e.g. -Dbench.args="--full --arms BC --rounds 3" for a partial run.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -pl benchmarks -am -Pbench -DskipTests verify "$@"
