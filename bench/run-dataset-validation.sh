#!/usr/bin/env bash
# Dataset validation benchmark: ModelHub's validator alone and the product's upload pass (validator + SHA-256 +
# temp file), each with and without token counting, against OpenAI's cookbook checks in Python and js-tiktoken
# token counting in Node, on one generated file. Run it under the shared lock on a shared machine:
#   flock /tmp/modelhub-bench.lock bench/run-dataset-validation.sh
# Usage: bench/run-dataset-validation.sh [sizeMB]   (default 1024)
#   NODE_MB=N  limits the Node peer to the first N MB (it runs ~1.5 MB/s; the rate is what is compared).
set -euo pipefail
SIZE_MB="${1:-1024}"
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
{
  echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  # The validator alone (no hash, no file written): what the peers do.
  "$BENCH" validate "$DATA" --no-tokens
  # The product's upload pass: the same plus SHA-256 and the temp file. No writeback of an earlier run may slow it.
  sync; "$BENCH" validate "$DATA" --no-tokens --upload
  "$BENCH" validate "$DATA"
  sync; "$BENCH" validate "$DATA" --upload
  python3 "$ROOT/bench/peers/cookbook_checks.py" "$DATA"
  node "$ROOT/bench/peers/count_tokens.mjs" "$NODE_INPUT"
  # Per core: both pinned to the same CPU, so neither gains from the other core or loses to the other's threads.
  taskset -c 1 "$BENCH" validate "$DATA" --no-tokens --label checks-1cpu
  taskset -c 1 python3 "$ROOT/bench/peers/cookbook_checks.py" "$DATA" python-checks-1cpu
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"

echo "== ratios"
awk '
  $1 == "RESULT" { rate[$2] = $3; rss[$2] = $4 }
  function line(what, us, peer, target) {
    printf "%-52s %5.1fx  (%.1f vs %.1f MB/s%s)\n", what, rate[us] / rate[peer], rate[us], rate[peer], target
  }
  END {
    line("ModelHub validator, no tokens vs Python checks:", "modelhub-checks", "python-checks", "; target >= 10x")
    line("ModelHub upload pass, no tokens vs Python checks:", "modelhub-upload-checks", "python-checks", "; + SHA-256 + temp file")
    line("ModelHub validator, tokens vs Node js-tiktoken:", "modelhub-tokens", "node-tokens", "; target >= 3x")
    line("ModelHub upload pass, tokens vs Node js-tiktoken:", "modelhub-upload-tokens", "node-tokens", "; + SHA-256 + temp file")
    line("Per CPU (both pinned to one): validator vs Python:", "modelhub-checks-1cpu", "python-checks-1cpu", "")
    printf "ModelHub peak RSS (target < 200 MB with tokens): validator %d / %d MB, upload pass %d / %d MB (no tokens / tokens)\n", rss["modelhub-checks"], rss["modelhub-tokens"], rss["modelhub-upload-checks"], rss["modelhub-upload-tokens"]
  }' "$OUT" | tee -a "$OUT"
