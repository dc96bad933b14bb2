#!/usr/bin/env bash
# The promotion benchmark against several instances on PostgreSQL and Redis (issue 18, bench/README.md): starts a
# throwaway PostgreSQL 15 cluster (default durability: fsync on) and a redis-server in a temp folder, applies
# deploy/instance.env as the distributed test and compose do, runs ModelHub.PromotionBench with that many instances
# (the first in-process, the others as processes) and removes both afterwards.
# Usage, as root (PostgreSQL runs as the postgres user): bench/run-promotion-instances.sh [workers seconds instances]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
workers="${1:-50}" seconds="${2:-30}" instances="${3:-3}"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pg_port=$(free_port) redis_port=$(free_port)
work="$(mktemp -d /tmp/modelhub-bench-instances.XXXXXX)"
chown postgres "$work"
cleanup() {
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
  [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

runuser -u postgres -- "$pg_bin/initdb" -D "$work/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
# 3 instances × up to 100 pooled connections each.
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=400" start >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --daemonize yes --pidfile "$work/redis.pid" --dir "$work" >/dev/null

set -a
# shellcheck disable=SC1091
. "$repo/deploy/instance.env"
set +a
export ConnectionStrings__ModelHub="Host=127.0.0.1;Port=$pg_port;Database=modelhub;Username=postgres"
export ModelHub__Redis="127.0.0.1:$redis_port"
# Promotions never call the provider (gate runs are seeded); nothing listens here.
export HolySheep__BaseUrl="http://127.0.0.1:9/v1"

cd "$repo"
dotnet build -c Release bench/ModelHub.PromotionBench -v q -nologo
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on $pg_port, Redis $(redis-server --version | awk '{print $3}') on $redis_port; $(uptime)"
flock /tmp/modelhub-bench.lock dotnet run -c Release --no-build --project bench/ModelHub.PromotionBench -- "$workers" "$seconds" "$instances"
echo "after: $(uptime)"
