// The Gemini API as Gemini CLI 0.61.0 speaks it to the scripted model server, over real sockets: the bodies below
// have the shape of the requests captured from `gemini -p` (iss-correct, agent mode), trimmed to what matters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ECHO_TEXT } from '../../mock-servers/model/script.js';
import { modelServerUnderTest, sseEvents, type ModelServerUnderTest } from './scripted-model-client.js';

interface Candidate {
  content: { role: string; parts: { text?: string; functionCall?: { id?: string; name: string; args: Record<string, unknown> } }[] };
  finishReason: string;
}
interface GenerateResponse {
  candidates: Candidate[];
  usageMetadata: { totalTokenCount: number };
}

const STREAM = '/v1beta/models/conformance-model:streamGenerateContent?alt=sse';
const TOOL = 'mcp_conformance_echo';
const tools = [
  {
    functionDeclarations: [
      { name: 'read_file', description: 'Reads a file', parametersJsonSchema: { type: 'object' } },
      {
        name: TOOL,
        description: 'Echoes its text back',
        parametersJsonSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      },
    ],
  },
];
const prompt = { role: 'user', parts: [{ text: '<session_context>…</session_context>' }, { text: 'Call the echo tool.' }] };
const request = (contents: unknown[]) => ({
  contents,
  systemInstruction: { parts: [{ text: 'You are Gemini CLI.' }] },
  tools,
  generationConfig: { temperature: 1, topP: 0.95, topK: 64, thinkingConfig: { includeThoughts: true } },
});

async function streamed(response: Response): Promise<GenerateResponse[]> {
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
  return (await sseEvents(response)).map((e) => e.data as GenerateResponse);
}

describe('model server: Gemini API', () => {
  let model: ModelServerUnderTest;
  before(async () => {
    model = await modelServerUnderTest();
  });
  after(() => model.close());

  it('streams a functionCall of the MCP echo tool, then the final text after its functionResponse', async () => {
    const first = await streamed(await model.post(STREAM, request([prompt])));
    const candidate = first.at(-1)?.candidates[0];
    assert.equal(candidate?.finishReason, 'STOP');
    assert.equal(candidate.content.role, 'model');
    const call = first.flatMap((c) => c.candidates[0]?.content.parts ?? []).find((p) => p.functionCall)?.functionCall;
    assert.equal(call?.name, TOOL);
    assert.deepEqual(call.args, { text: ECHO_TEXT });

    const modelTurn = {
      role: 'model',
      parts: [{ functionCall: { id: call.id, args: call.args, name: TOOL }, thoughtSignature: 'skip_thought_signature_validator' }],
    };
    const result = {
      role: 'user',
      parts: [{ functionResponse: { name: TOOL, response: { output: '<untrusted_context>\nconformance\n</untrusted_context>' }, id: call.id } }],
    };
    const second = await streamed(await model.post(STREAM, request([prompt, modelTurn, result])));
    const parts = second.flatMap((c) => c.candidates[0]?.content.parts ?? []);
    assert.ok(parts.every((p) => !p.functionCall));
    assert.match(parts.map((p) => p.text ?? '').join(''), new RegExp(`${TOOL}: <untrusted_context>\\nconformance`));
    assert.equal(second.at(-1)?.candidates[0]?.finishReason, 'STOP');
    assert.deepEqual(
      model.server.turns.map((t) => [t.format, t.turn.kind]),
      [
        ['gemini', 'tool-calls'],
        ['gemini', 'text'],
      ],
    );
  });

  it('answers a side request for JSON (generateContent) with JSON meeting its schema, the user speaking next', async () => {
    const response = await model.post('/v1beta/models/gemini-2.5-flash:generateContent', {
      contents: [prompt, { role: 'user', parts: [{ text: 'Who should speak next?' }] }],
      generationConfig: {
        responseMimeType: 'application/json',
        responseJsonSchema: {
          type: 'object',
          properties: { reasoning: { type: 'string' }, next_speaker: { type: 'string', enum: ['model', 'user'] } },
          required: ['reasoning', 'next_speaker'],
        },
      },
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as GenerateResponse;
    const answer = JSON.parse(body.candidates[0]?.content.parts[0]?.text ?? '') as { reasoning: string; next_speaker: string };
    assert.equal(answer.next_speaker, 'user');
    assert.equal(typeof answer.reasoning, 'string');
  });

  it('counts tokens and lists its model', async () => {
    const counted = await model.post('/v1beta/models/conformance-model:countTokens', { contents: [prompt] });
    assert.equal(counted.status, 200);
    const { totalTokens } = (await counted.json()) as { totalTokens: number };
    assert.ok(Number.isInteger(totalTokens) && totalTokens > 0);
    const list = (await (await model.get('/v1beta/models')).json()) as { models: { name: string; supportedGenerationMethods: string[] }[] };
    assert.equal(list.models[0]?.name, 'models/conformance-model');
    assert.ok(list.models[0]?.supportedGenerationMethods.includes('streamGenerateContent'));
  });

  it('refuses a body that is not a Gemini request with 400 naming the field', async () => {
    const missing = await model.post(STREAM, { messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(missing.status, 400);
    assert.match(((await missing.json()) as { error: { message: string } }).error.message, /^gemini: POST .*contents/);
    const unnamed = await model.post(STREAM, request([prompt, { role: 'model', parts: [{ functionCall: { args: {} } }] }]));
    assert.equal(unnamed.status, 400);
    assert.match(
      ((await unnamed.json()) as { error: { message: string } }).error.message,
      /\/contents\/1\/parts\/0\/functionCall must have required property 'name'/,
    );
    const role = await model.post(STREAM, request([{ role: 'assistant', parts: [{ text: 'hi' }] }]));
    assert.equal(role.status, 400);
    assert.match(((await role.json()) as { error: { message: string } }).error.message, /\/contents\/0\/role/);
  });

  it('answers a method it does not know 404 naming the methods it serves, and records it', async () => {
    const response = await model.post('/v1beta/models/conformance-model:embedContent', { contents: [prompt] });
    assert.equal(response.status, 404);
    assert.match(
      ((await response.json()) as { error: { message: string } }).error.message,
      /does not serve .*streamGenerateContent\|generateContent\|countTokens/,
    );
    const recorded = model.recorder.trace().exchanges.find((ex) => ex.url.endsWith(':embedContent'));
    assert.equal(recorded?.server, 'model');
    assert.equal(recorded?.status, 404);
  });
});
