import type { Response } from 'express';
import { nextTurn, type Conversation, type PastCall, type Turn } from './script.js';
import { resultText, sendEvent, startEvents, type ModelRoute } from './route.js';

interface InputItem {
  type?: string;
  role?: string;
  name?: string;
  namespace?: string;
  call_id?: string;
  output?: unknown;
}

interface Tool {
  type: string;
  name?: string;
  tools?: Tool[];
}

interface ResponsesRequest {
  model: string;
  stream?: boolean;
  input: string | InputItem[];
  tools?: Tool[];
}

/**
 * Codex offers each MCP server's tools as a `namespace` tool (`mcp__SERVER` holding `echo`, ...), and a call of one
 * carries `namespace` and the function's own `name`; the script sees the two as one name, `mcp__SERVER__echo`.
 */
const SEPARATOR = '__';

function qualified(name: string, namespace?: string): string {
  return namespace ? `${namespace}${SEPARATOR}${name}` : name;
}

/** Every function the request offers, by the name the script sees, with the namespace and name a call carries. */
function offeredFunctions(tools: Tool[] = []): Map<string, { name: string; namespace?: string }> {
  const offered = new Map<string, { name: string; namespace?: string }>();
  for (const tool of tools) {
    if (tool.type === 'function' && tool.name) offered.set(tool.name, { name: tool.name });
    if (tool.type === 'namespace' && tool.name) {
      for (const inner of tool.tools ?? []) {
        if (inner.type === 'function' && inner.name) offered.set(qualified(inner.name, tool.name), { name: inner.name, namespace: tool.name });
      }
    }
  }
  return offered;
}

const SCHEMA = {
  type: 'object',
  required: ['model', 'input'],
  properties: {
    model: { type: 'string' },
    stream: { type: 'boolean' },
    instructions: { type: 'string' },
    // A string is a single user message; Codex sends the item list. `items` only applies to the list.
    input: {
      type: ['string', 'array'],
      items: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          role: { enum: ['system', 'developer', 'user', 'assistant'] },
          name: { type: 'string' },
          namespace: { type: 'string' },
          call_id: { type: 'string' },
          arguments: { type: 'string' },
        },
        // A call names its function and id, a result the call it answers: the script pairs them by call_id.
        allOf: [
          { if: { properties: { type: { const: 'function_call' } }, required: ['type'] }, then: { required: ['call_id', 'name', 'arguments'] } },
          { if: { properties: { type: { const: 'function_call_output' } }, required: ['type'] }, then: { required: ['call_id', 'output'] } },
          { if: { properties: { type: { const: 'message' } }, required: ['type'] }, then: { required: ['role', 'content'] } },
        ],
      },
    },
    tools: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type'],
        properties: { type: { type: 'string' }, name: { type: 'string' }, tools: { type: 'array', items: { type: 'object', required: ['type'] } } },
        // Function tools are flat in this format (`{type, name, parameters}`), not nested as in chat completions;
        // a namespace names its functions under `tools`.
        allOf: [
          { if: { properties: { type: { const: 'function' } } }, then: { required: ['name'] } },
          { if: { properties: { type: { const: 'namespace' } } }, then: { required: ['name', 'tools'] } },
        ],
      },
    },
  },
} as const;

function conversation(request: ResponsesRequest): Conversation {
  const items = typeof request.input === 'string' ? [] : request.input;
  const results = new Map(items.filter((i) => i.type === 'function_call_output' && i.call_id).map((i) => [i.call_id!, resultText(i.output)]));
  const calls: PastCall[] = items
    .filter((i) => i.type === 'function_call' && i.name && i.call_id)
    .map((i) => ({ name: qualified(i.name!, i.namespace), answered: results.has(i.call_id!), result: results.get(i.call_id!) }));
  return { tools: [...offeredFunctions(request.tools).keys()], calls };
}

const USAGE = {
  input_tokens: 10,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 5,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 15,
};

/** The output items of a turn: one assistant message, or one function_call per tool call (with its namespace). */
function outputItems(turn: Turn, offered: Map<string, { name: string; namespace?: string }>): object[] {
  if (turn.kind === 'text') {
    return [
      { type: 'message', id: 'msg_conformance', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: turn.text, annotations: [] }] },
    ];
  }
  return turn.calls.map((c) => {
    const { name, namespace } = offered.get(c.name) ?? { name: c.name };
    return {
      type: 'function_call',
      id: `fc_${c.id}`,
      status: 'completed',
      call_id: c.id,
      ...(namespace ? { namespace } : {}),
      name,
      arguments: JSON.stringify(c.arguments),
    };
  });
}

function responseObject(model: string, status: string, output: object[], usage?: object): object {
  return { id: 'resp_conformance', object: 'response', created_at: Math.floor(Date.now() / 1000), status, model, output, ...(usage ? { usage } : {}) };
}

/** The event stream of one turn: created, each item added and done (text with its delta), completed with usage. */
function streamTurn(res: Response, model: string, turn: Turn, items: object[]): void {
  let sequence = 0;
  const send = (type: string, fields: object) => sendEvent(res, { type, sequence_number: sequence++, ...fields }, type);
  startEvents(res);
  send('response.created', { response: responseObject(model, 'in_progress', []) });
  items.forEach((item, output_index) => {
    send('response.output_item.added', { output_index, item });
    if (turn.kind === 'text') {
      send('response.output_text.delta', { item_id: 'msg_conformance', output_index, content_index: 0, delta: turn.text });
    }
    send('response.output_item.done', { output_index, item });
  });
  send('response.completed', { response: responseObject(model, 'completed', items, USAGE) });
  res.end();
}

/** OpenAI Responses (`POST /v1/responses`), streamed or not: Codex's `wire_api = "responses"`. */
export const responses: ModelRoute[] = [
  {
    format: 'openai-responses',
    method: 'POST',
    path: '/v1/responses',
    schema: SCHEMA,
    handle(body, _req, res) {
      const request = body as ResponsesRequest;
      const seen = conversation(request);
      const turn = nextTurn(seen);
      const items = outputItems(turn, offeredFunctions(request.tools));
      if (request.stream) streamTurn(res, request.model, turn, items);
      else res.json(responseObject(request.model, 'completed', items, USAGE));
      return { conversation: seen, turn };
    },
  },
];
