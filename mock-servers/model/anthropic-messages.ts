import type { Response } from 'express';
import { nextTurn, type Conversation, type PastCall, type Turn } from './script.js';
import { resultText, sendEvent, startEvents, type ModelRoute } from './route.js';

interface Block {
  type: string;
  id?: string;
  name?: string;
  tool_use_id?: string;
  content?: unknown;
  is_error?: boolean;
}

interface MessagesRequest {
  model: string;
  stream?: boolean;
  messages: { role: 'user' | 'assistant' | 'system'; content: string | Block[] }[];
  tools?: { name: string }[];
}

// A content block names its type; the blocks the script reads must carry what links a call to its result.
const BLOCK = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string' } },
  allOf: [
    {
      if: { properties: { type: { const: 'tool_use' } } },
      then: { required: ['id', 'name', 'input'], properties: { id: { type: 'string' }, name: { type: 'string' }, input: { type: 'object' } } },
    },
    {
      if: { properties: { type: { const: 'tool_result' } } },
      then: { required: ['tool_use_id'], properties: { tool_use_id: { type: 'string' }, is_error: { type: 'boolean' } } },
    },
    { if: { properties: { type: { const: 'text' } } }, then: { required: ['text'], properties: { text: { type: 'string' } } } },
  ],
} as const;

const MESSAGES = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['role', 'content'],
    properties: {
      // Claude Code 2.1 puts its environment section in a `system` message after the first user message.
      role: { enum: ['user', 'assistant', 'system'] },
      content: { anyOf: [{ type: 'string' }, { type: 'array', items: BLOCK }] },
    },
  },
} as const;

// Custom tools have an input_schema; Anthropic's server tools (web search and the like) a `type` instead.
const TOOLS = {
  type: 'array',
  items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, input_schema: { type: 'object' }, type: { type: 'string' } } },
} as const;

const SYSTEM = { anyOf: [{ type: 'string' }, { type: 'array', items: BLOCK }] } as const;

/** `POST /v1/messages`: max_tokens is required by the API, as the agent's SDK always sends it. */
const MESSAGES_SCHEMA = {
  type: 'object',
  required: ['model', 'max_tokens', 'messages'],
  properties: {
    model: { type: 'string' },
    max_tokens: { type: 'integer', minimum: 1 },
    stream: { type: 'boolean' },
    messages: MESSAGES,
    system: SYSTEM,
    tools: TOOLS,
  },
} as const;

/** `POST /v1/messages/count_tokens`: the same conversation, without max_tokens or stream. */
const COUNT_SCHEMA = {
  type: 'object',
  required: ['model', 'messages'],
  properties: { model: { type: 'string' }, messages: MESSAGES, system: SYSTEM, tools: TOOLS },
} as const;

function blocks(content: string | Block[]): Block[] {
  return typeof content === 'string' ? [{ type: 'text' }] : content;
}

function conversation(request: MessagesRequest): Conversation {
  const results = new Map<string, string>();
  for (const message of request.messages) {
    if (message.role !== 'user') continue;
    for (const block of blocks(message.content)) {
      if (block.type === 'tool_result' && block.tool_use_id) results.set(block.tool_use_id, resultText(block.content));
    }
  }
  const calls: PastCall[] = request.messages
    .filter((m) => m.role === 'assistant')
    .flatMap((m) => blocks(m.content))
    .filter((b) => b.type === 'tool_use' && b.id && b.name)
    .map((b) => ({ name: b.name!, answered: results.has(b.id!), result: results.get(b.id!) }));
  return { tools: (request.tools ?? []).map((t) => t.name), calls };
}

const MESSAGE_ID = 'msg_conformance';
const USAGE = { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

function contentOf(turn: Turn): object[] {
  return turn.kind === 'text' ? [{ type: 'text', text: turn.text }] : turn.calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments }));
}

function stopReason(turn: Turn): string {
  return turn.kind === 'text' ? 'end_turn' : 'tool_use';
}

/** The event stream of one message: each block opened empty, filled by one delta, closed; then the stop reason. */
function streamTurn(res: Response, model: string, turn: Turn): void {
  startEvents(res);
  const send = (data: { type: string; [field: string]: unknown }) => sendEvent(res, data, data.type);
  send({
    type: 'message_start',
    message: {
      id: MESSAGE_ID,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...USAGE, output_tokens: 1 },
    },
  });
  if (turn.kind === 'text') {
    send({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    send({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: turn.text } });
    send({ type: 'content_block_stop', index: 0 });
  } else {
    turn.calls.forEach((call, index) => {
      send({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } });
      send({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(call.arguments) } });
      send({ type: 'content_block_stop', index });
    });
  }
  send({ type: 'message_delta', delta: { stop_reason: stopReason(turn), stop_sequence: null }, usage: { output_tokens: USAGE.output_tokens } });
  send({ type: 'message_stop' });
  res.end();
}

function completeTurn(res: Response, model: string, turn: Turn): void {
  res.json({
    id: MESSAGE_ID,
    type: 'message',
    role: 'assistant',
    model,
    content: contentOf(turn),
    stop_reason: stopReason(turn),
    stop_sequence: null,
    usage: USAGE,
  });
}

/** Anthropic Messages (`POST /v1/messages`, streamed or not, and its token count): Claude Code. */
export const anthropicMessages: ModelRoute[] = [
  {
    format: 'anthropic-messages',
    method: 'POST',
    path: '/v1/messages',
    schema: MESSAGES_SCHEMA,
    handle(body, _req, res) {
      const request = body as MessagesRequest;
      const seen = conversation(request);
      const turn = nextTurn(seen);
      if (request.stream) streamTurn(res, request.model, turn);
      else completeTurn(res, request.model, turn);
      return { conversation: seen, turn };
    },
  },
  {
    format: 'anthropic-messages',
    method: 'POST',
    path: '/v1/messages/count_tokens',
    schema: COUNT_SCHEMA,
    handle(body, _req, res) {
      // A rough count (four characters a token) is all an agent needs to decide it need not compact.
      res.json({ input_tokens: Math.max(1, Math.ceil(JSON.stringify(body).length / 4)) });
      return undefined;
    },
  },
];
