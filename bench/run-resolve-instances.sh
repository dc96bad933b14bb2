#!/usr/bin/env bash
# Resolve API throughput against several instances on PostgreSQL and Redis (issue 18, bench/README.md): starts a
# throwaway PostgreSQL 15 cluster and a redis-server in a temp folder, applies deploy/instance.env as compose and the
# distributed test do, starts that many `dotnet ModelHub.Web.dll` processes of the Release build on loopback ports (one
# shared data folder), seeds one model with a Production version, then runs wrk on GET /api/models/{name}/aliases/production:
# one wrk per instance in parallel, the connections split between them (64 in all by default; 2 wrk threads for one
# instance, 1 per instance otherwise). Prints the summed req/s, each instance's p50/p99 and the app processes' CPU time
# per request; removes everything afterwards.
# Usage, as root (PostgreSQL runs as the postgres user): bench/run-resolve-instances.sh [instances seconds connections]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
instances="${1:-3}" seconds="${2:-20}" connections="${3:-64}"
cd "$repo"

# Build outside the benchmark lock, then run the rest under it (other benchmarks take the same lock).
if [ -z "${MODELHUB_RESOLVE_BENCH_LOCKED:-}" ]; then
  dotnet build -c Release ModelHub.Web -v q -nologo
  exec env MODELHUB_RESOLVE_BENCH_LOCKED=1 flock /tmp/modelhub-bench.lock "$0" "$@"
fi

dll="$repo/ModelHub.Web/bin/Release/net10.0/ModelHub.Web.dll"
model="resolve-bench"
work="$(mktemp -d /tmp/modelhub-bench-resolve.XXXXXX)"
# shellcheck source=lib/pg-redis.sh
. "$repo/bench/lib/pg-redis.sh"
pids=() ports=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pg_redis_stop
  rm -rf "$work"
}
trap cleanup EXIT
pg_redis_start

export ModelHub__DataFolder="$work/shared"
# Resolving never calls the provider; nothing listens here.
export HolySheep__BaseUrl="http://127.0.0.1:9/v1"
export Logging__LogLevel__Default=Warning
mkdir -p "$ModelHub__DataFolder"
token="resolve-bench-$(python3 -c 'import secrets; print(secrets.token_hex(24))')"

# Starts instance $1 with any extra VAR=value settings after it, and waits until it answers /healthz.
start_instance() {
  local number="$1" port
  shift
  port=$(free_port)
  (cd "$(dirname "$dll")" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" "$@" dotnet "$dll") >"$work/instance$number.log" 2>&1 &
  pids+=("$!") ports+=("$port")
  for _ in $(seq 900); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && return 0
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then
      echo "instance $number exited while starting:" >&2
      tail -20 "$work/instance$number.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "instance $number did not answer /healthz within 3 minutes" >&2
  exit 1
}

# The first instance migrates the database and creates the Admin and its token (headless bootstrap; the resolve API
# takes any signed-in user's token); the seed goes straight into the database, as the other benchmarks' seeds do.
start_instance 1 ModelHub__Bootstrap__AdminEmail=admin@bench.local ModelHub__Bootstrap__AdminPassword=bench-password-2026! \
  ModelHub__Bootstrap__AdminToken="$token"
psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d modelhub -v ON_ERROR_STOP=1 >/dev/null <<SQL
WITH admin AS (SELECT "Id" FROM "AspNetUsers" LIMIT 1),
model AS (
  INSERT INTO "RegisteredModels" ("Name", "OwnerId", "CreatedAt", "UpdatedAt")
  SELECT '$model', "Id", now(), now() FROM admin RETURNING "Id", "OwnerId")
INSERT INTO "ModelVersions" ("RegisteredModelId", "Number", "ProviderModelId", "BaseModel", "Stage", "FinalMetricsJson", "CreatedById", "CreatedAt")
SELECT "Id", 1, 'ft:gpt-4o-mini-2024-07-18:bench:$model-v1', 'gpt-4o-mini-2024-07-18', 'Production', '{}', "OwnerId", now() FROM model;
SQL
for number in $(seq 2 "$instances"); do start_instance "$number"; done

path="/api/models/$model/aliases/production"
for port in "${ports[@]}"; do
  answer=$(curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path")
  case "$answer" in *'"version":1'*) ;; *) echo "instance on $port answered: $answer" >&2; exit 1 ;; esac
done
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'), Redis $(redis-server --version | awk '{print $3}'), $instances instance(s) of $dll"
echo "each answers $path with version 1: $answer"

per=$((connections / instances)) threads=$((instances == 1 ? 2 : 1))
cpu_ticks() { local sum=0 pid; for pid in "${pids[@]}"; do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo "$sum"; }
# One wrk per instance, in parallel, for $1; their outputs in $work/wrk<n>.txt.
run_wrk() {
  local wrks=() i
  for i in "${!ports[@]}"; do
    wrk -t"$threads" -c"$per" -d"$1" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:${ports[$i]}$path" >"$work/wrk$((i + 1)).txt" &
    wrks+=("$!")
  done
  wait "${wrks[@]}"
}

run_wrk 5s # warm-up (JIT, pools, caches), not reported
echo "before: $(uptime)"
ticks_before=$(cpu_ticks)
run_wrk "${seconds}s"
ticks_after=$(cpu_ticks)
echo "after: $(uptime)"

total_rps=0 total_requests=0 worst_p99=0
for i in "${!ports[@]}"; do
  file="$work/wrk$((i + 1)).txt"
  read -r rps requests p50 p99 < <(awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 } / requests in / { requests = $1 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    END { printf "%s %s %.2f %.2f\n", rps, requests, p50, p99 }' "$file")
  errors=$(grep -E 'Non-2xx|Socket errors' "$file" || true)
  echo "instance $((i + 1)): wrk -t$threads -c$per -d${seconds}s: $rps req/s, p50 $p50 ms, p99 $p99 ms${errors:+; $errors}"
  total_rps=$(awk -v a="$total_rps" -v b="$rps" 'BEGIN { print a + b }')
  total_requests=$((total_requests + requests))
  worst_p99=$(awk -v a="$worst_p99" -v b="$p99" 'BEGIN { print (b > a ? b : a) }')
done
cpu_us=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v n="$total_requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
echo "$instances instance(s), $((per * instances)) connections: $(awk -v r="$total_rps" 'BEGIN { printf "%.0f", r }') req/s in all, worst p99 $worst_p99 ms; app processes ${cpu_us} µs CPU per request"
