import type { Response } from 'express';
import { nextTurn, type Conversation, type PastCall, type Turn } from './script.js';
import { resultText, sendEvent, startEvents, type ModelRoute } from './route.js';

interface ChatRequest {
  model: string;
  stream?: boolean;
  messages: { role: string; content?: unknown; tool_calls?: { id: string; function: { name: string } }[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string } }[];
}

const SCHEMA = {
  type: 'object',
  required: ['model', 'messages'],
  properties: {
    model: { type: 'string' },
    stream: { type: 'boolean' },
    messages: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['role'],
        properties: {
          role: { enum: ['system', 'developer', 'user', 'assistant', 'tool'] },
          tool_call_id: { type: 'string' },
          tool_calls: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'function'],
              properties: { id: { type: 'string' }, function: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
            },
          },
        },
      },
    },
    tools: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'function'],
        properties: { type: { const: 'function' }, function: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
      },
    },
  },
} as const;

function conversation(request: ChatRequest): Conversation {
  const results = new Map(request.messages.filter((m) => m.role === 'tool' && m.tool_call_id).map((m) => [m.tool_call_id!, resultText(m.content)]));
  const calls: PastCall[] = request.messages.flatMap((m) =>
    (m.tool_calls ?? []).map((c) => ({ name: c.function.name, answered: results.has(c.id), result: results.get(c.id) })),
  );
  return { tools: (request.tools ?? []).map((t) => t.function.name), calls };
}

const USAGE = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };

function streamTurn(res: Response, model: string, turn: Turn): void {
  const chunk = (delta: object, finish: string | null, extra: object = {}) => ({
    id: 'chatcmpl-conformance',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });
  startEvents(res);
  if (turn.kind === 'text') {
    sendEvent(res, chunk({ role: 'assistant', content: turn.text }, null));
    sendEvent(res, chunk({}, 'stop', { usage: USAGE }));
  } else {
    const toolCalls = turn.calls.map((c, index) => ({ index, id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } }));
    sendEvent(res, chunk({ role: 'assistant', content: null, tool_calls: toolCalls }, null));
    sendEvent(res, chunk({}, 'tool_calls', { usage: USAGE }));
  }
  sendEvent(res, '[DONE]');
  res.end();
}

function completeTurn(res: Response, model: string, turn: Turn): void {
  const message =
    turn.kind === 'text'
      ? { role: 'assistant', content: turn.text }
      : {
          role: 'assistant',
          content: null,
          tool_calls: turn.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } })),
        };
  res.json({
    id: 'chatcmpl-conformance',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: turn.kind === 'text' ? 'stop' : 'tool_calls' }],
    usage: USAGE,
  });
}

/** OpenAI Chat Completions (`POST /v1/chat/completions`), streamed or not: opencode's openai-compatible provider. */
export const chatCompletions: ModelRoute[] = [
  {
    format: 'openai-chat-completions',
    method: 'POST',
    path: '/v1/chat/completions',
    schema: SCHEMA,
    handle(body, _req, res) {
      const request = body as ChatRequest;
      const seen = conversation(request);
      const turn = nextTurn(seen);
      if (request.stream) streamTurn(res, request.model, turn);
      else completeTurn(res, request.model, turn);
      return { conversation: seen, turn };
    },
  },
];
