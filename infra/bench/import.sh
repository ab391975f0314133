#!/usr/bin/env bash
# bench import [ROWS]: import ROWS generated entities (default 1,000,000) through the gateway, beside a COPY
# baseline taken in the same run. Brings the platform up with the demo on the bench instance (the departments
# must exist), and stops the instance afterwards; its data stays for the next run.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
trap '"$repo/infra/dev.sh" down >/dev/null 2>&1 || true' EXIT
log=$(mktemp); "$repo/infra/dev.sh" demo >"$log" 2>&1 || { cat "$log"; exit 1; }
dotnet build "$repo/infra/Bench/Bench.csproj" -c Release -v quiet -nologo >/dev/null
dotnet "$repo/infra/Bench/bin/Release/net10.0/Shuangsuiji.Bench.dll" import "$@"
