import type { Request, Response } from 'express';
import { MODEL_NAME, nextTurn, type Conversation, type PastCall, type Turn } from './script.js';
import { resultText, sendEvent, startEvents, type ModelRoute, type ScriptedTurn } from './route.js';

// The Gemini API (generativelanguage v1beta) as Gemini CLI speaks it through @google/genai: the model and the method
// share one path segment (`models/NAME:streamGenerateContent`), so one route takes every method and dispatches.

interface Part {
  text?: string;
  thought?: boolean;
  functionCall?: { id?: string; name: string; args?: unknown };
  functionResponse?: { id?: string; name: string; response?: unknown };
}

interface Content {
  role?: string;
  parts: Part[];
}

interface GenerateRequest {
  contents: Content[];
  tools?: { functionDeclarations?: { name: string }[] }[];
  generationConfig?: { responseMimeType?: string; responseJsonSchema?: unknown; responseSchema?: unknown };
}

const PART = {
  type: 'object',
  properties: {
    text: { type: 'string' },
    thought: { type: 'boolean' },
    functionCall: { type: 'object', required: ['name'], properties: { id: { type: 'string' }, name: { type: 'string' }, args: { type: 'object' } } },
    functionResponse: {
      type: 'object',
      required: ['name', 'response'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, response: { type: 'object' } },
    },
  },
} as const;

const SCHEMA = {
  type: 'object',
  required: ['contents'],
  properties: {
    contents: {
      type: 'array',
      items: {
        type: 'object',
        required: ['parts'],
        properties: { role: { enum: ['user', 'model', 'function'] }, parts: { type: 'array', items: PART } },
      },
    },
    systemInstruction: { type: 'object', properties: { parts: { type: 'array', items: PART } } },
    tools: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          functionDeclarations: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
        },
      },
    },
    generationConfig: { type: 'object', properties: { responseMimeType: { type: 'string' } } },
  },
} as const;

/** The methods of `models/NAME:METHOD` the server answers. */
const METHODS = ['streamGenerateContent', 'generateContent', 'countTokens'] as const;
type Method = (typeof METHODS)[number];

function conversation(request: GenerateRequest): Conversation {
  const parts = request.contents.flatMap((c) => c.parts.map((p) => ({ role: c.role, part: p })));
  // A response answers the call of its id when both carry one, else the oldest unanswered call of its name.
  const calls: (PastCall & { id?: string })[] = [];
  for (const { role, part } of parts) {
    if (role === 'model' && part.functionCall) calls.push({ name: part.functionCall.name, answered: false, id: part.functionCall.id });
    const response = part.functionResponse;
    if (response) {
      const call =
        calls.find((c) => !c.answered && response.id !== undefined && c.id === response.id) ?? calls.find((c) => !c.answered && c.name === response.name);
      if (call) Object.assign(call, { answered: true, result: resultText(response.response) });
    }
  }
  const tools = (request.tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((f) => f.name));
  return { tools, calls: calls.map(({ name, answered, result }) => ({ name, answered, ...(result !== undefined ? { result } : {}) })) };
}

/**
 * A value meeting a JSON schema, for the side requests that ask for JSON (the next-speaker check, loop detection):
 * the first enum value except that `user` wins (the user speaks next, so the agent stops), zero and false otherwise
 * (no loop, no confidence in one).
 */
export function valueOf(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object') return null;
  const s = schema as { type?: unknown; enum?: unknown[]; properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[] };
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum.includes('user') ? 'user' : s.enum[0];
  if (Array.isArray(s.anyOf) && s.anyOf.length > 0) return valueOf(s.anyOf[0]);
  const type = (Array.isArray(s.type) ? s.type[0] : s.type) as unknown;
  const name = typeof type === 'string' ? type.toLowerCase() : s.properties ? 'object' : '';
  if (name === 'object') return Object.fromEntries(Object.entries(s.properties ?? {}).map(([key, value]) => [key, valueOf(value)]));
  if (name === 'array') return [];
  if (name === 'string') return 'conformance';
  if (name === 'number' || name === 'integer') return 0;
  if (name === 'boolean') return false;
  return null;
}

function partsOf(turn: Turn): Part[] {
  if (turn.kind === 'text') return [{ text: turn.text }];
  return turn.calls.map((c) => ({ functionCall: { id: c.id, name: c.name, args: c.arguments } }));
}

const USAGE = { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 };

function response(model: string, turn: Turn): object {
  return {
    candidates: [{ content: { role: 'model', parts: partsOf(turn) }, finishReason: 'STOP', index: 0 }],
    usageMetadata: USAGE,
    modelVersion: model,
    responseId: 'conformance-response',
  };
}

/** The turn of a request: the script's, or for a request that wants JSON (a check on the side), JSON meeting its schema. */
function turnOf(request: GenerateRequest, seen: Conversation): Turn {
  const config = request.generationConfig;
  if (config?.responseMimeType === 'application/json') {
    return { kind: 'text', text: JSON.stringify(valueOf(config.responseJsonSchema ?? config.responseSchema ?? { type: 'object' })) };
  }
  return nextTurn(seen);
}

function play(method: Method, model: string, request: GenerateRequest, res: Response): ScriptedTurn | undefined {
  if (method === 'countTokens') {
    const characters = JSON.stringify(request.contents).length;
    res.json({ totalTokens: Math.max(1, Math.ceil(characters / 4)) });
    return undefined;
  }
  const seen = conversation(request);
  const turn = turnOf(request, seen);
  if (method === 'generateContent') {
    res.json(response(model, turn));
  } else {
    startEvents(res);
    sendEvent(res, response(model, turn));
    res.end();
  }
  return { conversation: seen, turn };
}

function refuseMethod(req: Request, res: Response, call: string): void {
  res.status(404).json({
    error: {
      code: 404,
      status: 'NOT_FOUND',
      message: `gemini: the conformance model server does not serve ${req.method} ${req.path} (models/NAME:${METHODS.join('|')}; got "${call}")`,
    },
  });
}

/** One model of the Gemini API's model list. */
const MODEL = {
  name: `models/${MODEL_NAME}`,
  displayName: 'Conformance model',
  description: 'The scripted model of mcp-oauth-conformance',
  inputTokenLimit: 1048576,
  outputTokenLimit: 65536,
  supportedGenerationMethods: [...METHODS],
};

/**
 * The Gemini API (`POST /v1beta/models/NAME:streamGenerateContent?alt=sse`, `:generateContent`, `:countTokens`,
 * `GET /v1beta/models`): Gemini CLI through GOOGLE_GEMINI_BASE_URL. Any model name is answered: Gemini CLI asks other
 * models than the configured one for its checks on the side.
 */
export const geminiApi: ModelRoute[] = [
  {
    format: 'gemini',
    method: 'POST',
    path: '/v1beta/models/:call',
    schema: SCHEMA,
    handle(body, req, res) {
      const call = String(req.params.call);
      const at = call.lastIndexOf(':');
      const method = call.slice(at + 1) as Method;
      if (at <= 0 || !METHODS.includes(method)) {
        refuseMethod(req, res, call);
        return undefined;
      }
      return play(method, call.slice(0, at), body as GenerateRequest, res);
    },
  },
  {
    format: 'gemini',
    method: 'GET',
    path: '/v1beta/models',
    handle(_body, _req, res) {
      res.json({ models: [MODEL] });
      return undefined;
    },
  },
  {
    format: 'gemini',
    method: 'GET',
    path: '/v1beta/models/:name',
    handle(_body, _req, res) {
      res.json({ ...MODEL });
      return undefined;
    },
  },
];
