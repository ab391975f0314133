# Sourced by the benchmarks in infra/bench: brings the platform up with the demo on the bench instance (the
# departments must exist), builds the benchmark runner, and stops the instance on exit; its data stays for the
# next run. Then: bench_run NAME ARGS...
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
trap '"$repo/infra/dev.sh" down >/dev/null 2>&1 || true' EXIT
log=$(mktemp); "$repo/infra/dev.sh" demo >"$log" 2>&1 || { cat "$log"; exit 1; }
dotnet build "$repo/infra/Bench/Bench.csproj" -c Release -v quiet -nologo >"$log" 2>&1 || { cat "$log"; exit 1; }
bench_run() { dotnet "$repo/infra/Bench/bin/Release/net10.0/Shuangsuiji.Bench.dll" "$@"; }
