// opencode's exchange with the scripted model, in the exact shapes opencode 1.18.33 sent through its bundled
// @ai-sdk/openai-compatible provider (captured from a split-auth0 and a token-isolation run): a title request with
// no tools, the first turn offering the MCP tools of two servers among its own, and the follow-up carrying the
// tool results.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ECHO_TEXT } from '../../mock-servers/model/script.js';
import { modelServerUnderTest, sseEvents, type ModelServerUnderTest } from './scripted-model-client.js';

interface Chunk {
  choices: {
    delta: { content?: string; tool_calls?: { index: number; id: string; function: { name: string; arguments: string } }[] };
    finish_reason: string | null;
  }[];
  usage?: unknown;
}

const PROMPT = '"Call the echo tool of every MCP server you have, then say what they answered."';
/** What opencode adds to every request. */
const COMMON = { model: 'conformance-model', max_tokens: 32000, stream: true, stream_options: { include_usage: true } };
const SYSTEM = { role: 'system', content: 'You are opencode, an interactive CLI tool that helps users with software engineering tasks.' };

function mcpTool(name: string) {
  return {
    type: 'function',
    function: {
      name,
      description: 'Echoes its text back',
      parameters: {
        type: 'object',
        properties: { text: { type: 'string' } },
        required: ['text'],
        $schema: 'http://json-schema.org/draft-07/schema#',
        additionalProperties: false,
      },
    },
  };
}
const TOOLS = ['bash', 'conformance_add', 'conformance_echo', 'conformance-2_add', 'conformance-2_echo', 'read', 'webfetch'].map(mcpTool);

async function chunks(response: Response): Promise<Chunk[]> {
  assert.equal(response.status, 200);
  const events = await sseEvents(response);
  assert.equal(events.at(-1)?.data, '[DONE]');
  return events.slice(0, -1).map((e) => e.data as Chunk);
}

describe('model server: opencode (OpenAI chat completions through @ai-sdk/openai-compatible)', () => {
  let model: ModelServerUnderTest;
  before(async () => {
    model = await modelServerUnderTest();
  });
  after(() => model.close());

  it('answers the title request, which offers no tool, with text', async () => {
    const title = await model.post('/v1/chat/completions', {
      ...COMMON,
      messages: [
        { role: 'system', content: 'You are a title generator. You output ONLY a thread title. Nothing else.' },
        { role: 'user', content: 'Generate a title for this conversation:\n' },
        { role: 'user', content: PROMPT },
      ],
    });
    const stream = await chunks(title);
    assert.ok(stream.map((c) => c.choices[0]?.delta.content ?? '').join('').length > 0);
    assert.equal(stream.at(-1)?.choices[0]?.finish_reason, 'stop');
    assert.ok(stream.at(-1)?.usage, 'the last chunk carries the usage opencode asked for with include_usage');
  });

  it('calls the echo tool of every MCP server in one turn, then answers with every result', async () => {
    const first = await model.post('/v1/chat/completions', {
      ...COMMON,
      tool_choice: 'auto',
      tools: TOOLS,
      messages: [SYSTEM, { role: 'user', content: PROMPT }],
    });
    const stream = await chunks(first);
    const calls = stream.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    assert.deepEqual(
      calls.map((c) => [c.index, c.function.name, JSON.parse(c.function.arguments) as unknown]),
      [
        [0, 'conformance_echo', { text: ECHO_TEXT }],
        [1, 'conformance-2_echo', { text: ECHO_TEXT }],
      ],
    );
    assert.equal(stream.at(-1)?.choices[0]?.finish_reason, 'tool_calls');

    // opencode sends the assistant turn back with empty content, and an MCP error as the tool's text.
    const [one, two] = calls;
    const second = await model.post('/v1/chat/completions', {
      ...COMMON,
      tool_choice: 'auto',
      tools: TOOLS,
      messages: [
        SYSTEM,
        { role: 'user', content: PROMPT },
        {
          role: 'assistant',
          content: '',
          tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.function.name, arguments: c.function.arguments } })),
        },
        { role: 'tool', tool_call_id: one?.id, content: ECHO_TEXT },
        { role: 'tool', tool_call_id: two?.id, content: 'Streamable HTTP error: Server returned 403 after trying upscoping' },
      ],
    });
    const text = (await chunks(second)).map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.match(text, /conformance_echo: conformance/);
    assert.match(text, /conformance-2_echo: Streamable HTTP error: Server returned 403/);
    assert.deepEqual(
      model.server.turns.slice(-2).map((t) => t.turn.kind),
      ['tool-calls', 'text'],
    );
  });

  it('refuses a tool call without an id with 400 naming where it is', async () => {
    const response = await model.post('/v1/chat/completions', {
      ...COMMON,
      tools: TOOLS,
      messages: [SYSTEM, { role: 'assistant', content: '', tool_calls: [{ type: 'function', function: { name: 'conformance_echo', arguments: '{}' } }] }],
    });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /\/messages\/1\/tool_calls\/0 must have required property 'id'/);
  });
});
