# Sourced by the several-instances benchmarks: a throwaway PostgreSQL 15 cluster (default durability, fsync on) and a
# redis-server in the folder "$work", and the settings every instance shares (deploy/instance.env, as compose and the
# distributed test apply it). Needs root: PostgreSQL runs as the postgres user.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts both in "$work" (which must exist) and exports the connection settings; extra arguments go to postgres.
pg_redis_start() {
  pg_port=$(free_port) redis_port=$(free_port)
  chown postgres "$work"
  runuser -u postgres -- "$pg_bin/initdb" -D "$work/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
  # Up to 3 instances × 100 pooled connections each.
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w \
    -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=400 $*" start >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --daemonize yes --pidfile "$work/redis.pid" --dir "$work" >/dev/null

  set -a
  # shellcheck disable=SC1091
  . "$repo/deploy/instance.env"
  set +a
  export ConnectionStrings__ModelHub="Host=127.0.0.1;Port=$pg_port;Database=modelhub;Username=postgres"
  export ModelHub__Redis="127.0.0.1:$redis_port"
}

# Stops both; safe to call when either never started.
pg_redis_stop() {
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
  [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
}
