#!/usr/bin/env bash
# bench disclosure [APPROVALS]: APPROVALS results (default 6,000) approved at 200 a second through the gateway, each
# timed until it appears in the public export, beside the bus alone at the same rate; then 2,000 searches by USCC
# at the gateway over 1,000,000 public results, beside the same lookups in SQL. The public rate limit is off for
# this instance: the bench is one client asking far more than any one visitor may.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/bench-platform.sh"
Gateway__PublicRequestsPerSecond=0 "$repo/infra/dev.sh" restart gateway >/dev/null
bench_run disclosure "$@"
