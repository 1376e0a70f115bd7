// The model server's OpenAI Responses format over real sockets, in the shapes Codex 0.171.0 sends: MCP tools offered
// as a `namespace` tool, the call answered as a `function_call` with its namespace, the result sent back as a
// `function_call_output` input item (content parts), then the final text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ECHO_TEXT } from '../../mock-servers/model/script.js';
import { modelServerUnderTest, sseEvents, type ModelServerUnderTest } from './scripted-model-client.js';

interface Item {
  type: string;
  name?: string;
  namespace?: string;
  call_id?: string;
  arguments?: string;
  content?: { type: string; text: string }[];
}

interface ResponsesEvent {
  type: string;
  item?: Item;
  response?: { id: string; status: string; output: Item[]; usage?: { input_tokens: number; output_tokens: number; total_tokens: number } };
}

const user = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Call the echo tool.' }] };

/** What Codex offers: its own function tools, and each MCP server's tools in a namespace. */
const tools = [
  { type: 'function', name: 'exec_command', description: 'Runs a command', strict: false, parameters: { type: 'object' } },
  {
    type: 'namespace',
    name: 'mcp__conformance',
    description: 'Tools in the mcp__conformance namespace.',
    tools: [
      { type: 'function', name: 'add', strict: false, parameters: { type: 'object' } },
      { type: 'function', name: 'echo', strict: false, parameters: { type: 'object', properties: { text: { type: 'string' } } } },
    ],
  },
  { type: 'web_search', external_web_access: false },
];

function request(input: object[]) {
  return {
    model: 'conformance-model',
    instructions: 'You are a coding agent.',
    input,
    tools,
    tool_choice: 'auto',
    parallel_tool_calls: true,
    reasoning: { summary: 'auto' },
    store: false,
    stream: true,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: 'session',
  };
}

async function events(response: Response): Promise<ResponsesEvent[]> {
  return (await sseEvents(response)).map((e) => {
    const data = e.data as ResponsesEvent;
    assert.equal(e.event, data.type, 'each event is named as its data type');
    return data;
  });
}

describe('model server: OpenAI Responses (Codex)', () => {
  let model: ModelServerUnderTest;
  before(async () => {
    model = await modelServerUnderTest();
  });
  after(() => model.close());

  it('calls the echo function of an MCP namespace, then answers the final text after its function_call_output', async () => {
    const first = await model.post('/v1/responses', request([user]));
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type') ?? '', /text\/event-stream/);
    const stream = await events(first);
    assert.deepEqual(
      stream.map((e) => e.type),
      ['response.created', 'response.output_item.added', 'response.output_item.done', 'response.completed'],
    );
    const call = stream.find((e) => e.type === 'response.output_item.done')?.item;
    assert.equal(call?.type, 'function_call');
    assert.equal(call?.namespace, 'mcp__conformance');
    assert.equal(call?.name, 'echo');
    assert.deepEqual(JSON.parse(call?.arguments ?? ''), { text: ECHO_TEXT });
    const completed = stream.at(-1)?.response;
    assert.equal(completed?.status, 'completed');
    assert.deepEqual(completed?.output, [call]);
    assert.equal(completed?.usage?.total_tokens, 15);

    const second = await model.post(
      '/v1/responses',
      request([
        user,
        {
          type: 'function_call',
          status: 'completed',
          id: 'fc_1',
          name: 'echo',
          namespace: 'mcp__conformance',
          arguments: call?.arguments,
          call_id: call?.call_id,
        },
        {
          type: 'function_call_output',
          id: 'fco_1',
          call_id: call?.call_id,
          output: [
            { type: 'input_text', text: 'Wall time: 0.01 seconds\nOutput:' },
            { type: 'input_text', text: 'conformance' },
          ],
        },
      ]),
    );
    const answer = await events(second);
    const message = answer.find((e) => e.type === 'response.output_item.done')?.item;
    assert.equal(message?.type, 'message');
    assert.match(message?.content?.[0]?.text ?? '', /mcp__conformance__echo: Wall time: 0\.01 seconds\nOutput:conformance/);
    assert.ok(answer.some((e) => e.type === 'response.output_text.delta'));
    assert.deepEqual(
      model.server.turns.map((t) => [t.format, t.turn.kind]),
      [
        ['openai-responses', 'tool-calls'],
        ['openai-responses', 'text'],
      ],
    );
  });

  it('calls a flat echo function by its name, and answers without streaming when stream is false', async () => {
    const response = await model.post('/v1/responses', {
      model: 'conformance-model',
      input: 'hi',
      stream: false,
      tools: [{ type: 'function', name: 'conformance_echo', parameters: { type: 'object' } }],
    });
    const body = (await response.json()) as { status: string; output: Item[] };
    assert.equal(body.status, 'completed');
    assert.deepEqual(
      body.output.map((i) => [i.type, i.name, i.namespace]),
      [['function_call', 'conformance_echo', undefined]],
    );
  });

  it('answers text when no MCP tool is offered (a side request)', async () => {
    const stream = await events(await model.post('/v1/responses', { ...request([user]), tools: [tools[0]] }));
    assert.equal(stream.find((e) => e.type === 'response.output_item.done')?.item?.type, 'message');
  });

  it('refuses what is not the Responses format with 400 naming the field', async () => {
    const cases: [object, RegExp][] = [
      [{ model: 'conformance-model', messages: [user] }, /\(body\) must have required property 'input'/],
      // A chat-completions tool: nested under `function`, no flat name.
      [{ ...request([user]), tools: [{ type: 'function', function: { name: 'echo' } }] }, /\/tools\/0 must have required property 'name'/],
      [{ ...request([user, { type: 'function_call_output', output: 'x' }]) }, /\/input\/1 must have required property 'call_id'/],
      [{ ...request([user]), input: 42 }, /\/input must be string,array/],
    ];
    for (const [body, message] of cases) {
      const response = await model.post('/v1/responses', body);
      assert.equal(response.status, 400);
      const error = ((await response.json()) as { error: { message: string } }).error.message;
      assert.match(error, /^openai-responses: POST \/v1\/responses: /);
      assert.match(error, message);
    }
  });
});
