// Peer for the ModelHub benchmark: stream a chat JSONL file, JSON.parse each line and count
// tokens per example with js-tiktoken (o200k_base), with the cookbook's per-message overhead.
// Usage: node count_tokens.mjs FILE
import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { getEncoding } from "js-tiktoken";

const path = process.argv[2];
const enc = getEncoding("o200k_base");
const start = process.hrtime.bigint();
let examples = 0;
let total = 0;
const lines = createInterface({ input: createReadStream(path, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const ex = JSON.parse(line);
  let tokens = 3;
  for (const m of ex.messages) {
    tokens += 3;
    for (const [key, value] of Object.entries(m)) {
      if (typeof value !== "string") continue;
      tokens += enc.encode(value).length;
      if (key === "name") tokens += 1;
    }
  }
  total += tokens;
  examples++;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const mb = statSync(path).size / 1048576;
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(`node js-tiktoken: ${mb.toFixed(1)} MB in ${seconds.toFixed(2)} s = ${(mb / seconds).toFixed(1)} MB/s; ` +
  `peak RSS ${peakMb.toFixed(0)} MB; examples ${examples}; tokens ${total}`);
console.log(`RESULT node-tokens ${(mb / seconds).toFixed(2)} ${peakMb.toFixed(0)}`);
