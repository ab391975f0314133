#!/usr/bin/env bash
# bench results [ENTRIES]: ENTRIES result entries (default 10,000) in a burst through the gateway, whose attempts time
# out after SSYG_BENCH_ATTEMPT_TIMEOUT_MS (default 400, about the direct p99) so that it sends some again; then every entry must be stored once.
# Beside it, the same burst straight to the tasks service.
set -euo pipefail
Gateway__AttemptTimeoutMs=${SSYG_BENCH_ATTEMPT_TIMEOUT_MS:-400} "$(dirname "${BASH_SOURCE[0]}")/../dev.sh" restart gateway >/dev/null
dotnet "$BENCH_RUNNER" results "$@"
