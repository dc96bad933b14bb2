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
set -e

# One plain closing line that any CI reader understands.
summary=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+' "$results.log" | tail -1 || true)
if [ -n "$summary" ]; then
  failed=$(echo "$summary" | grep -Eo 'Failed: +[0-9]+' | grep -Eo '[0-9]+')
  passed=$(echo "$summary" | grep -Eo 'Passed: +[0-9]+' | grep -Eo '[0-9]+')
  echo "${passed} passed, ${failed} failed"
fi
rm -f "$results.log"
exit "$status"
