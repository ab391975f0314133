#!/usr/bin/env bash
# bench import [ROWS]: import ROWS generated entities (default 1,000,000) through the gateway, beside a COPY
# baseline taken in the same run.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/bench-platform.sh"
bench_run import "$@"
