#!/usr/bin/env bash
# bench disclosure [APPROVALS] [RECORDS]: APPROVALS results (default 6,000) approved at 200 a second through the gateway, each
# timed until it appears in the public export, beside the bus alone at the same rate; then 2,000 searches by USCC at the
# gateway over RECORDS public results (default 1,000,000, published on the bus the first time and kept), beside the same
# lookups in SQL. The public rate limit is off for this instance: the bench is one client asking far more than any one
# visitor may.
set -euo pipefail
Gateway__PublicRequestsPerSecond=0 "$(dirname "${BASH_SOURCE[0]}")/../dev.sh" restart gateway >/dev/null
dotnet "$BENCH_RUNNER" disclosure "$@"
