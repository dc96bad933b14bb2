#!/usr/bin/env bash
# Dataset validation benchmark: ModelHub's validator alone and the product's upload pass (validator + SHA-256 +
# temp file), each with and without token counting, against OpenAI's cookbook checks in Python and js-tiktoken
# token counting in Node, on one generated file. Run it under the shared lock on a shared machine:
#   flock /tmp/modelhub-bench.lock bench/run-dataset-validation.sh
# Usage: bench/run-dataset-validation.sh [sizeMB]   (default 1024)
#   NODE_MB=N  limits the Node peer to the first N MB (it runs ~1.5 MB/s; the rate is what is compared).
#   RUNS=N     runs of each contender without tokens (default 5; a run takes well under a second, so one is noisy):
#              the ratios compare medians. With tokens (~1 minute a run) each contender runs once.
set -euo pipefail
SIZE_MB="${1:-1024}"
RUNS="${RUNS:-5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RESULTS="$ROOT/bench/results"
DATA="$RESULTS/chat-${SIZE_MB}mb.jsonl"
BENCH="$ROOT/bench/ModelHub.Bench/bin/Release/net10.0/ModelHub.Bench"
mkdir -p "$RESULTS"

echo "== build (Release)"
dotnet build "$ROOT/bench/ModelHub.Bench/ModelHub.Bench.csproj" -c Release -v quiet -nologo | grep -E "error|Warn|Build succeeded" || true

echo "== generate ${SIZE_MB} MB (deterministic, seed 42)"
if [[ ! -f "$DATA" ]] || (( $(stat -c %s "$DATA") < SIZE_MB * 1048576 )); then
  "$BENCH" generate "$DATA" "$SIZE_MB" 42
else
  echo "reusing $DATA"
fi
# Every run reads the file from the page cache: warm it once so the first contender is not penalised.
cat "$DATA" > /dev/null

echo "== peers: npm ci"
(cd "$ROOT/bench/peers" && npm ci --no-audit --no-fund --silent)

NODE_INPUT="$DATA"
if [[ -n "${NODE_MB:-}" ]]; then
  NODE_INPUT="$RESULTS/chat-${SIZE_MB}mb.first-${NODE_MB}mb.jsonl"
  head -c $((NODE_MB * 1048576)) "$DATA" | sed '$d' > "$NODE_INPUT"
fi

echo "== run"
OUT="$RESULTS/run-${SIZE_MB}mb.txt"
runs() { for _ in $(seq "$RUNS"); do "$@"; done; }
synced() { sync; "$@"; }
{
  echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg); ${RUNS} runs of each contender without tokens"
  # The validator alone (no hash, no file written): what the peers do.
  runs "$BENCH" validate "$DATA" --no-tokens
  runs python3 "$ROOT/bench/peers/cookbook_checks.py" "$DATA"
  # The product's upload pass: the same plus SHA-256 and the temp file. No writeback of an earlier run may slow it.
  runs synced "$BENCH" validate "$DATA" --no-tokens --upload
  "$BENCH" validate "$DATA"
  sync; "$BENCH" validate "$DATA" --upload
  node "$ROOT/bench/peers/count_tokens.mjs" "$NODE_INPUT"
  # Per core: both pinned to the same CPU, so neither gains from the other core or loses to the other's threads.
  runs taskset -c 1 "$BENCH" validate "$DATA" --no-tokens --label checks-1cpu
  runs taskset -c 1 python3 "$ROOT/bench/peers/cookbook_checks.py" "$DATA" python-checks-1cpu
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"

echo "== ratios (medians; the range of the runs in brackets)"
awk '
  $1 == "RESULT" {
    n[$2]++; rates[$2, n[$2]] = $3 + 0
    if ($4 + 0 > rss[$2]) rss[$2] = $4 + 0
  }
  function median(label,    i, j, k, v, m) {
    m = n[label]
    for (i = 1; i <= m; i++) sorted[i] = rates[label, i]
    for (i = 2; i <= m; i++) { v = sorted[i]; for (j = i - 1; j >= 1 && sorted[j] > v; j--) sorted[j + 1] = sorted[j]; sorted[j + 1] = v }
    low[label] = sorted[1]; high[label] = sorted[m]
    k = int((m + 1) / 2)
    return m % 2 ? sorted[k] : (sorted[k] + sorted[k + 1]) / 2
  }
  function range(label) { return n[label] > 1 ? sprintf(" [%.0f-%.0f]", low[label], high[label]) : "" }
  function line(what, us, peer, target,    a, b) {
    a = median(us); b = median(peer)
    printf "%-52s %5.1fx  (%.1f%s vs %.1f%s MB/s%s)\n", what, a / b, a, range(us), b, range(peer), target
  }
  END {
    line("ModelHub validator, no tokens vs Python checks:", "modelhub-checks", "python-checks", "; target >= 10x")
    line("ModelHub upload pass, no tokens vs Python checks:", "modelhub-upload-checks", "python-checks", "; + SHA-256 + temp file")
    line("ModelHub validator, tokens vs Node js-tiktoken:", "modelhub-tokens", "node-tokens", "; target >= 3x")
    line("ModelHub upload pass, tokens vs Node js-tiktoken:", "modelhub-upload-tokens", "node-tokens", "; + SHA-256 + temp file")
    line("Per CPU (both pinned to one): validator vs Python:", "modelhub-checks-1cpu", "python-checks-1cpu", "")
    printf "ModelHub peak RSS, highest of the runs (target < 200 MB with tokens): validator %d / %d MB, upload pass %d / %d MB (no tokens / tokens)\n", rss["modelhub-checks"], rss["modelhub-tokens"], rss["modelhub-upload-checks"], rss["modelhub-upload-tokens"]
  }' "$OUT" | tee -a "$OUT"
