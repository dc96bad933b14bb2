#!/usr/bin/env bash
# Dataset validation benchmark: ModelHub's validator (with and without token counting) against
# OpenAI's cookbook checks in Python and js-tiktoken token counting in Node, on one generated file.
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
  "$BENCH" validate "$DATA" --no-tokens
  "$BENCH" validate "$DATA"
  # Same run with the GC heap capped at 128 MB: shows the live set is bounded, not just the default GC's slack.
  DOTNET_GCHeapHardLimit=0x8000000 "$BENCH" validate "$DATA" --label tokens-heap128
  python3 "$ROOT/bench/peers/cookbook_checks.py" "$DATA"
  node "$ROOT/bench/peers/count_tokens.mjs" "$NODE_INPUT"
} | tee "$OUT"

echo "== ratios"
awk '
  $1 == "RESULT" { rate[$2] = $3; rss[$2] = $4 }
  END {
    printf "ModelHub checks (no tokens) vs Python cookbook checks: %.1fx  (%.1f vs %.1f MB/s; target >= 10x)\n", rate["modelhub-checks"] / rate["python-checks"], rate["modelhub-checks"], rate["python-checks"]
    printf "ModelHub with tokens vs Node js-tiktoken:              %.1fx  (%.1f vs %.1f MB/s; target >= 3x)\n", rate["modelhub-tokens"] / rate["node-tokens"], rate["modelhub-tokens"], rate["node-tokens"]
    printf "ModelHub peak RSS: %d MB without tokens, %d MB with tokens (target < 200 MB)\n", rss["modelhub-checks"], rss["modelhub-tokens"]
    printf "ModelHub with tokens, GC heap capped at 128 MB: %.1f MB/s, peak RSS %d MB\n", rate["modelhub-tokens-heap128"], rss["modelhub-tokens-heap128"]
  }' "$OUT" | tee -a "$OUT"
