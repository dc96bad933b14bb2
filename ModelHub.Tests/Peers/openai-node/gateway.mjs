// Calls ModelHub's inference gateway with the official OpenAI Node SDK, as an application would:
// base URL = ModelHub's /v1, API key = a ModelHub access token (OPENAI_API_KEY), model = "<name>@production".
// Usage: OPENAI_API_KEY=<token> node gateway.mjs <baseUrl> <model>; prints one JSON summary line.
import OpenAI from "openai";

const [baseURL, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, maxRetries: 0 });
const messages = [{ role: "user", content: "Which model are you?" }];

const completion = await client.chat.completions.create({ model, messages });
const stream = await client.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true } });
let streamed = "";
let streamedUsage = null;
for await (const chunk of stream) {
  streamed += chunk.choices[0]?.delta?.content ?? "";
  if (chunk.usage) streamedUsage = chunk.usage;
}

let missing = null;
try {
  await client.chat.completions.create({ model: model.split("@")[0] + "@no-such-alias", messages });
} catch (error) {
  missing = { status: error.status, code: error.code };
}

console.log(JSON.stringify({
  answer: completion.choices[0].message.content,
  streamed,
  promptTokens: (completion.usage?.prompt_tokens ?? 0) + (streamedUsage?.prompt_tokens ?? 0),
  completionTokens: (completion.usage?.completion_tokens ?? 0) + (streamedUsage?.completion_tokens ?? 0),
  missing,
}));
