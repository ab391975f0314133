#!/usr/bin/env bash
# bench lookup [ENTITIES]: look up random entities by USCC through the gateway with ENTITIES (default 10,000,000)
# in the directory, beside the same lookups straight on PostgreSQL. Loads the directory through the import path
# the first time (it stays in the bench instance).
set -euo pipefail
dotnet "$BENCH_RUNNER" lookup "$@"
