#!/usr/bin/env bash
# bench draw [CANDIDATES] [CHANGES]: the draw engine over CANDIDATES (default 10,000,000) in four strata, 3 % drawn, beside
# PostgreSQL's ORDER BY random() LIMIT k over the same table; inspector matching of the three departments; and CHANGES
# (default 1,000,000) entity changes applied from RabbitMQ. The candidates (published on RabbitMQ the first time, as the
# directories publish an import) stay in the bench instance for the next run.
set -euo pipefail
dotnet "$BENCH_RUNNER" draw "$@"
