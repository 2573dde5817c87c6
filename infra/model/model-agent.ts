import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { chatRequestBody } from '../../enrichers/model/prompt.js';
import { addTokens, NO_TOKENS } from '../../enrichers/model/pricing.js';
import { answerFromBody, type Ask } from './model-call.js';
import { REPO_TOOLS, repoTools } from './model-tools.js';

/**
 * Agentic mode: the model may look around the snapshot with read-only tools before it
 * answers. Bounded by agentMaxSteps requests and agentMaxBytes of tool output; the last
 * step offers no tools, so the model must answer. Each attempt starts with a fresh
 * byte budget, since a retried attempt starts the conversation over.
 */
export function agenticAsk(snapshotDir: string): Ask {
  return async (client, config, context) => {
    const tools = repoTools(snapshotDir, config.agentMaxBytes);
    const body = chatRequestBody(config, context);
    const messages: ChatCompletionMessageParam[] = [...body.messages];
    let tokens = NO_TOKENS;
    for (let step = 1; ; step++) {
      const last = step >= config.agentMaxSteps || tools.bytesLeft() <= 0;
      const completion = await client.chat.completions.create({ ...body, messages, ...(last ? {} : { tools: REPO_TOOLS }) });
      tokens = addTokens(tokens, answerFromBody('chat', completion).tokens);
      const message = completion.choices[0]?.message;
      const calls = (message?.tool_calls ?? []).filter((c) => c.type === 'function');
      if (last || calls.length === 0) return { text: message?.content ?? null, tokens, requests: step };
      messages.push({ role: 'assistant', content: message?.content ?? null, tool_calls: calls });
      for (const call of calls)
        messages.push({ role: 'tool', tool_call_id: call.id, content: tools.run(call.function.name, call.function.arguments) });
    }
  };
}
