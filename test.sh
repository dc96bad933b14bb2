#!/usr/bin/env bash
# Runs every ModelHub test on a fresh machine. Installs what is missing first:
# Debian's chromium (browser tests), Node.js/npm (the build restores apexcharts with npm ci) and redis-server.
set -euo pipefail
cd "$(dirname "$0")"

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
# The GitHub Actions example (run by its test) reads the CLI's --json output with jq, as GitHub's runners have it.
command -v jq >/dev/null 2>&1 || packages+=(jq)
# The several-instances tests start a throwaway redis-server (Debian's package) beside three app processes.
command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
# The PostgreSQL pass starts a throwaway cluster with initdb and pg_ctl (Debian keeps them in /usr/lib/postgresql/*/bin).
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
if [ ${#packages[@]} -gt 0 ]; then
  echo "test.sh: installing ${packages[*]} with apt-get"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# The real MLflow Python client (beside the repository) drives the MLflow API tests; its setup.sh installs Debian packages.
mlflow_peer="../shared/peers/mlflow"
if [ -x "$mlflow_peer/setup.sh" ] && ! "$mlflow_peer/run.sh" -c 'import mlflow' >/dev/null 2>&1; then
  echo "test.sh: installing the MLflow client's packages with $mlflow_peer/setup.sh"
  "$mlflow_peer/setup.sh"
fi

results="ModelHub.Tests/TestResults"
rm -rf "$results"
set +e
dotnet test ModelHub.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" \
  --blame-hang-timeout 10m "$@" 2>&1 | tee "$results.log"
status=${PIPESTATUS[0]}

# The integration tests of the areas that write the database run again on PostgreSQL (a cluster of their own, dropped
# afterwards); all 417 integration tests took 40 min there on a machine loaded far beyond its 2 cores, so the pass is
# narrowed to these areas to keep CI well under 20 min. Tests of SQLite itself (PRAGMAs, WAL, backup files) carry the
# trait Database=SqliteOnly.
postgres_areas="Audit Promotions Registry FineTuning Datasets Identity Mlflow Gateway Webhooks Backup Databases"
postgres_filter=$(printf 'FullyQualifiedName~.%s.Integration.|' $postgres_areas)
# Classes that test HTTP behaviour in front of the database (input limits, TLS, anonymous access, antiforgery, role
# gates) ask nothing of the provider: they run once, in the first pass.
http_only="InputLimitsApiTests TransportSecurityTests AnonymousAccessTests ApiAntiforgeryTests GatewayAccessTests"
http_only_filter=$(printf '&FullyQualifiedName!~.%s.' $http_only)
echo "test.sh: the database integration tests of $postgres_areas on PostgreSQL"
postgres_started=$(date +%s)
MODELHUB_TEST_DATABASE=Postgres dotnet test ModelHub.Tests --no-build \
  --filter "(${postgres_filter%|})&Database!=SqliteOnly${http_only_filter}" \
  --logger "trx;LogFileName=results-postgres.trx" --results-directory "$results" \
  --blame-hang-timeout 10m 2>&1 | tee "$results-postgres.log"
postgres_status=${PIPESTATUS[0]}
echo "test.sh: the PostgreSQL pass took $(( $(date +%s) - postgres_started )) s"
set -e

# One plain closing line that any CI reader understands: both passes, summed.
total_passed=0
total_failed=0
for log in "$results.log" "$results-postgres.log"; do
  summary=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -1 || true)
  if [ -n "$summary" ]; then
    total_failed=$(( total_failed + $(echo "$summary" | grep -Eo 'Failed: +[0-9]+' | grep -Eo '[0-9]+') ))
    total_passed=$(( total_passed + $(echo "$summary" | grep -Eo 'Passed: +[0-9]+' | grep -Eo '[0-9]+') ))
  fi
done
echo "${total_passed} passed, ${total_failed} failed (SQLite and PostgreSQL passes)"
rm -f "$results.log" "$results-postgres.log"
[ "$status" -eq 0 ] || exit "$status"
exit "$postgres_status"
