#!/usr/bin/env bash
# The promotion benchmark against several instances on PostgreSQL and Redis (issue 18, bench/README.md): starts a
# throwaway PostgreSQL 15 cluster (default durability: fsync on) and a redis-server in a temp folder, applies
# deploy/instance.env as the distributed test and compose do, runs ModelHub.PromotionBench with that many instances
# (the first in-process, the others as processes) and removes both afterwards.
# Usage, as root (PostgreSQL runs as the postgres user): bench/run-promotion-instances.sh [workers seconds instances [warm-up seconds]]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
workers="${1:-50}" seconds="${2:-30}" instances="${3:-3}" warmup="${4:-15}"
work="$(mktemp -d /tmp/modelhub-bench-instances.XXXXXX)"
# shellcheck source=lib/pg-redis.sh
. "$repo/bench/lib/pg-redis.sh"
cleanup() {
  pg_redis_stop
  rm -rf "$work"
}
trap cleanup EXIT
pg_redis_start

# Promotions never call the provider (gate runs are seeded); nothing listens here.
export HolySheep__BaseUrl="http://127.0.0.1:9/v1"

cd "$repo"
dotnet build -c Release bench/ModelHub.PromotionBench -v q -nologo
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on $pg_port, Redis $(redis-server --version | awk '{print $3}') on $redis_port; $(uptime)"
flock /tmp/modelhub-bench.lock dotnet run -c Release --no-build --project bench/ModelHub.PromotionBench -- "$workers" "$seconds" "$instances" "$warmup"
echo "after: $(uptime)"
