#!/usr/bin/env bash
# bench draw [CANDIDATES] [CHANGES]: the draw engine over CANDIDATES (default 10,000,000) in four strata, 3 % drawn, beside
# PostgreSQL's ORDER BY random() LIMIT k over the same table; inspector matching of the three departments; and
# CHANGES (default 1,000,000) entity changes applied from RabbitMQ. The candidates stay in the bench instance for the next run.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/bench-platform.sh"
bench_run draw "$@"
