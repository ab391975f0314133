#!/usr/bin/env bash
# bench console [ENTITIES]: the staff console's to-do list, a joint inspection's page and a result entry form, rendered for
# a person of the demo's lead department signed in through the identity service, with ENTITIES (default 10,000,000) in the
# directory and 1,000 more open tasks of the department; beside the gRPC calls each page makes, through the gateway.
# Loads the directory the first time as bench lookup does (it stays in the bench instance).
set -euo pipefail
dotnet "$BENCH_RUNNER" console "$@"
