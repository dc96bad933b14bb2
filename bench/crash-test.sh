#!/usr/bin/env bash
# Crash test: kills the real app with SIGKILL at random moments during uploads, job tracking, gate runs and promotions,
# restarts it each time and checks that nothing acknowledged was lost. See bench/README.md ("Crash test").
# Usage: bench/crash-test.sh [kills=30] [seed] [minWorkSeconds=2] [maxWorkSeconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release ModelHub.Web -v q -nologo
dotnet build -c Release bench/ModelHub.CrashTest -v q -nologo
mkdir -p bench/results
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
dotnet bench/ModelHub.CrashTest/bin/Release/net10.0/ModelHub.CrashTest.dll ModelHub.Web/bin/Release/net10.0/ModelHub.Web.dll "$@" \
  | tee bench/results/crash-test.txt || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a bench/results/crash-test.txt
exit $status
