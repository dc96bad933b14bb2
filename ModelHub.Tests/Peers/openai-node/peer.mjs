// Drives ModelHub's simulator with the official OpenAI Node SDK, exactly as a user's script would:
// files, a fine-tuning job followed to the end, its events and checkpoints, and chat completions.
// Usage: OPENAI_API_KEY=<ModelHub access token> node peer.mjs <baseUrl> <trainingFile> <validationFile>;
// prints one JSON summary line.
import fs from "node:fs";
import OpenAI from "openai";

const [baseURL, trainingPath, validationPath] = process.argv.slice(2);
// The key comes from OPENAI_API_KEY, as in any user's script: the simulator refuses keys it does not know.
const client = new OpenAI({ baseURL, maxRetries: 2 });

const training = await client.files.create({ file: fs.createReadStream(trainingPath), purpose: "fine-tune" });
const validation = await client.files.create({ file: fs.createReadStream(validationPath), purpose: "fine-tune" });
const listed = await client.files.list();

let job = await client.fineTuning.jobs.create({
  model: "gpt-4o-mini-2024-07-18",
  training_file: training.id,
  validation_file: validation.id,
  suffix: "peer",
  seed: 7,
  method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } },
});
const statuses = [job.status];
const deadline = Date.now() + 60_000;
while (!["succeeded", "failed", "cancelled"].includes(job.status) && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  job = await client.fineTuning.jobs.retrieve(job.id);
  if (statuses.at(-1) !== job.status) statuses.push(job.status);
}

const events = [];
for await (const event of client.fineTuning.jobs.listEvents(job.id, { limit: 50 })) events.push(event);
const checkpoints = [];
for await (const checkpoint of client.fineTuning.jobs.checkpoints.list(job.id)) checkpoints.push(checkpoint);

const firstValidation = fs.readFileSync(validationPath, "utf8").split("\n")[0];
const example = JSON.parse(firstValidation);
const prompt = example.messages.slice(0, -1);
const completion = await client.chat.completions.create({ model: job.fine_tuned_model, messages: prompt });
const stream = await client.chat.completions.create({
  model: job.fine_tuned_model, messages: prompt, stream: true, stream_options: { include_usage: true },
});
let streamed = "";
let streamedUsage = null;
for await (const chunk of stream) {
  streamed += chunk.choices[0]?.delta?.content ?? "";
  if (chunk.usage) streamedUsage = chunk.usage;
}

let missing = null;
try {
  await client.fineTuning.jobs.retrieve("ftjob-does-not-exist");
} catch (error) {
  missing = { status: error.status, code: error.code, type: error.type };
}

console.log(JSON.stringify({
  trainingFileId: training.id,
  filesListed: listed.data.length,
  jobId: job.id,
  statuses,
  finalStatus: job.status,
  fineTunedModel: job.fine_tuned_model,
  trainedTokens: job.trained_tokens,
  eventCount: events.length,
  metricEvents: events.filter((e) => e.type === "metrics").length,
  checkpointCount: checkpoints.length,
  answer: completion.choices[0].message.content,
  expected: example.messages.at(-1).content,
  promptTokens: completion.usage?.prompt_tokens ?? 0,
  streamed,
  streamedTotalTokens: streamedUsage?.total_tokens ?? 0,
  missing,
}));
