// The scripted model server over real sockets: the script (tool calls, then text), request validation, unknown
// requests, and the recording of every request as the `model` server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ECHO_TEXT, nextTurn } from '../../mock-servers/model/script.js';
import { modelServerUnderTest, sseEvents, type ModelServerUnderTest } from './scripted-model-client.js';

describe('the script', () => {
  it('calls every offered echo tool, then answers text once every result is back', () => {
    const tools = ['mcp__one__echo', 'mcp__two__echo', 'read_file'];
    const first = nextTurn({ tools, calls: [] });
    assert.equal(first.kind, 'tool-calls');
    assert.deepEqual(first.kind === 'tool-calls' ? first.calls.map((c) => [c.name, c.arguments.text]) : [], [
      ['mcp__one__echo', ECHO_TEXT],
      ['mcp__two__echo', ECHO_TEXT],
    ]);
    const waiting = nextTurn({
      tools,
      calls: [
        { name: 'mcp__one__echo', answered: true, result: 'x' },
        { name: 'mcp__two__echo', answered: false },
      ],
    });
    assert.equal(waiting.kind, 'text');
    const done = nextTurn({
      tools,
      calls: [
        { name: 'mcp__one__echo', answered: true, result: 'conformance' },
        { name: 'mcp__two__echo', answered: true, result: 'refused: 403' },
      ],
    });
    assert.equal(done.kind, 'text');
    assert.match(done.kind === 'text' ? done.text : '', /mcp__two__echo: refused: 403/);
  });
  it('never calls a tool that only contains "echo", and answers text when no MCP tool is offered', () => {
    assert.equal(nextTurn({ tools: ['echoes', 'shell'], calls: [] }).kind, 'text');
    assert.equal(nextTurn({ tools: [], calls: [] }).kind, 'text');
  });
});

describe('model server: OpenAI chat completions', () => {
  let model: ModelServerUnderTest;
  before(async () => {
    model = await modelServerUnderTest();
  });
  after(() => model.close());

  const tools = [{ type: 'function', function: { name: 'conformance_echo', parameters: { type: 'object' } } }];

  it('streams a tool call for the echo tool, then the final text after its result', async () => {
    const first = await model.post('/v1/chat/completions', { model: 'conformance-model', stream: true, messages: [{ role: 'user', content: 'hi' }], tools });
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type') ?? '', /text\/event-stream/);
    const events = await sseEvents(first);
    assert.equal(events.at(-1)?.data, '[DONE]');
    const chunks = events
      .slice(0, -1)
      .map(
        (e) =>
          e.data as { choices: { delta: { tool_calls?: { id: string; function: { name: string; arguments: string } }[] }; finish_reason: string | null }[] },
      );
    const call = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? [])[0];
    assert.equal(call?.function.name, 'conformance_echo');
    assert.deepEqual(JSON.parse(call?.function.arguments ?? ''), { text: ECHO_TEXT });
    assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'tool_calls');

    const second = await model.post('/v1/chat/completions', {
      model: 'conformance-model',
      stream: false,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: null, tool_calls: [{ id: call?.id, type: 'function', function: { name: 'conformance_echo', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: call?.id, content: 'conformance' },
      ],
      tools,
    });
    const completion = (await second.json()) as { choices: { message: { content: string }; finish_reason: string }[] };
    assert.equal(completion.choices[0]?.finish_reason, 'stop');
    assert.match(completion.choices[0]?.message.content ?? '', /conformance_echo: conformance/);
    assert.deepEqual(
      model.server.turns.map((t) => t.turn.kind),
      ['tool-calls', 'text'],
    );
  });

  it('refuses a request that is not the wire format with 400 naming the field, and records it', async () => {
    const response = await model.post('/v1/chat/completions', { model: 'conformance-model' });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { message: string } };
    assert.match(body.error.message, /openai-chat-completions: POST \/v1\/chat\/completions: .*messages/);
    const notJson = await model.post('/v1/chat/completions', '{not json');
    assert.equal(notJson.status, 400);
    assert.match(((await notJson.json()) as { error: { message: string } }).error.message, /not JSON/);
  });

  it('answers an unknown request 404 with what it speaks, records it, and keeps serving', async () => {
    const response = await model.post('/v1/completions', { prompt: 'hi' });
    assert.equal(response.status, 404);
    assert.match(
      ((await response.json()) as { error: { message: string } }).error.message,
      /does not serve POST \/v1\/completions \(it speaks: .*openai-chat-completions/,
    );
    const recorded = model.recorder.trace().exchanges.find((ex) => ex.url.endsWith('/v1/completions'));
    assert.equal(recorded?.role, 'model');
    assert.equal(recorded?.server, 'model');
    assert.equal(recorded?.status, 404);
    assert.equal((await model.get('/v1/models')).status, 200);
  });

  it('lists its model in OpenAI shape, and in Anthropic shape when asked with anthropic-version', async () => {
    const openai = (await (await model.get('/v1/models')).json()) as { object: string; data: { id: string }[] };
    assert.equal(openai.object, 'list');
    assert.equal(openai.data[0]?.id, 'conformance-model');
    const anthropic = (await (await model.get('/v1/models', { 'anthropic-version': '2023-06-01' })).json()) as {
      data: { type: string; id: string }[];
      has_more: boolean;
    };
    assert.equal(anthropic.data[0]?.type, 'model');
    assert.equal(anthropic.has_more, false);
  });

  it('serves an empty models.dev catalogue, which opencode 1.1.31 fetches before its first turn', async () => {
    const catalogue = await model.get('/api.json');
    assert.equal(catalogue.status, 200);
    assert.deepEqual(await catalogue.json(), {});
  });
});
