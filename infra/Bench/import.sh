#!/usr/bin/env bash
# bench import [ROWS]: import ROWS generated entities (default 1,000,000) through the gateway, beside a COPY
# baseline taken in the same run.
# fresh instance: the import goes into an empty directory, as the COPY baseline goes into a new table (an instance
# that kept every run's million entities made each run slower than the last).
set -euo pipefail
dotnet "$BENCH_RUNNER" import "$@"
