// The Anthropic Messages wire format of the scripted model server, in the shape Claude Code 2.1 sends it: the
// first turn streams a tool_use for the MCP echo tool, its tool_result brings the final text, bodies that are not
// the format are refused 400 naming the field, and the token count Claude Code asks for is answered.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ECHO_TEXT } from '../../mock-servers/model/script.js';
import { modelServerUnderTest, sseEvents, type ModelServerUnderTest } from './scripted-model-client.js';

const PATH = '/v1/messages?beta=true';
const HEADERS = { 'anthropic-version': '2023-06-01', 'x-api-key': 'dummy' };
const TOOL = 'mcp__conformance__echo';
const PROMPT = { role: 'user', content: 'Call the echo tool.' };
// Claude Code 2.1 sends its environment as a `system` message after the first user message.
const ENVIRONMENT = { role: 'system', content: [{ type: 'text', text: '# Environment', cache_control: { type: 'ephemeral' } }] };
const TOOLS = [
  { name: 'mcp__conformance__add', description: 'Adds', input_schema: { type: 'object' } },
  { name: 'DeferredToolPlaceholder', description: 'never call this tool', input_schema: { type: 'object', properties: {} }, defer_loading: true },
  { name: TOOL, description: 'Echoes its text back', input_schema: { type: 'object', properties: { text: { type: 'string' } } } },
];
const REQUEST = {
  model: 'conformance-model',
  max_tokens: 32000,
  stream: true,
  system: [{ type: 'text', text: 'You are a Claude agent.' }],
  thinking: { type: 'adaptive' },
  metadata: { user_id: '{}' },
  tools: TOOLS,
};

interface Event {
  type: string;
  index?: number;
  content_block?: { type: string; id?: string; name?: string; input?: object };
  delta?: { type?: string; partial_json?: string; text?: string; stop_reason?: string };
}

describe('model server: Anthropic Messages', () => {
  let model: ModelServerUnderTest;
  before(async () => {
    model = await modelServerUnderTest();
  });
  after(() => model.close());

  it('streams a tool_use for the echo tool, then the final text once its tool_result is back', async () => {
    const first = await model.post(PATH, { ...REQUEST, messages: [PROMPT, ENVIRONMENT] }, HEADERS);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type') ?? '', /text\/event-stream/);
    const events = await sseEvents(first);
    // Every event is named after its data's type, as the SDK's stream reader dispatches on both.
    for (const e of events) assert.equal(e.event, (e.data as Event).type);
    const data = events.map((e) => e.data as Event);
    assert.deepEqual(
      data.map((d) => d.type),
      ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop'],
    );
    const block = data[1]?.content_block;
    assert.equal(block?.type, 'tool_use');
    assert.equal(block?.name, TOOL);
    assert.deepEqual(block?.input, {});
    assert.equal(data[2]?.delta?.type, 'input_json_delta');
    assert.deepEqual(JSON.parse(data[2]?.delta?.partial_json ?? ''), { text: ECHO_TEXT });
    assert.equal(data[4]?.delta?.stop_reason, 'tool_use');

    const second = await model.post(
      PATH,
      {
        ...REQUEST,
        stream: false,
        messages: [
          PROMPT,
          ENVIRONMENT,
          { role: 'assistant', content: [{ type: 'tool_use', id: block?.id, name: TOOL, input: { text: ECHO_TEXT } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: block?.id, content: [{ type: 'text', text: 'conformance' }] }] },
        ],
      },
      HEADERS,
    );
    assert.equal(second.status, 200);
    const message = (await second.json()) as { type: string; content: { type: string; text: string }[]; stop_reason: string };
    assert.equal(message.type, 'message');
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.content[0]?.type, 'text');
    assert.match(message.content[0]?.text ?? '', /mcp__conformance__echo: conformance/);
    assert.deepEqual(
      model.server.turns.map((t) => [t.format, t.turn.kind]),
      [
        ['anthropic-messages', 'tool-calls'],
        ['anthropic-messages', 'text'],
      ],
    );
  });

  it('answers text to a request that offers no MCP tool (a title, a side question)', async () => {
    const response = await model.post(PATH, { model: 'conformance-model', max_tokens: 512, messages: [PROMPT] }, HEADERS);
    const message = (await response.json()) as { content: { type: string }[]; stop_reason: string };
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.content[0]?.type, 'text');
  });

  it('refuses a body that is not the format with 400 naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ model: 'conformance-model', messages: [PROMPT] }, /max_tokens/],
      [{ model: 'conformance-model', max_tokens: 10, messages: [{ role: 'tool', content: 'x' }] }, /\/messages\/0\/role/],
      [
        { model: 'conformance-model', max_tokens: 10, messages: [{ role: 'assistant', content: [{ type: 'tool_use', name: TOOL, input: {} }] }] },
        /\/messages\/0\/content/,
      ],
      [{ model: 'conformance-model', max_tokens: 10, messages: [PROMPT], tools: [{ description: 'no name' }] }, /\/tools\/0 .*name/],
    ];
    for (const [body, field] of cases) {
      const response = await model.post(PATH, body, HEADERS);
      assert.equal(response.status, 400);
      const error = (await response.json()) as { type: string; error: { type: string; message: string } };
      assert.equal(error.type, 'error');
      assert.match(error.error.message, /^anthropic-messages: POST \/v1\/messages: /);
      assert.match(error.error.message, field);
    }
  });

  it('counts tokens of a conversation (POST /v1/messages/count_tokens), and refuses one without messages', async () => {
    const response = await model.post('/v1/messages/count_tokens?beta=true', { model: 'conformance-model', messages: [PROMPT], tools: TOOLS }, HEADERS);
    assert.equal(response.status, 200);
    const { input_tokens } = (await response.json()) as { input_tokens: number };
    assert.ok(Number.isInteger(input_tokens) && input_tokens > 0);
    assert.equal((await model.post('/v1/messages/count_tokens', { model: 'conformance-model' }, HEADERS)).status, 400);
  });
});
