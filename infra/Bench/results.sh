#!/usr/bin/env bash
# bench results [ENTRIES]: ENTRIES result entries (default 10,000) in a burst straight to the tasks service, then the same
# burst through the gateway, whose attempts time out after the direct burst's p99 (SSYG_BENCH_ATTEMPT_TIMEOUT_MS overrides
# it) so that it sends some again; then every entry must be stored once. The runner restarts the gateway with that timeout.
set -euo pipefail
SSYG_DEV_SH="$(dirname "${BASH_SOURCE[0]}")/../dev.sh" dotnet "$BENCH_RUNNER" results "$@"
