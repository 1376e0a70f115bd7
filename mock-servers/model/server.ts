import { Ajv, type ValidateFunction } from 'ajv';
import express, { type Request, type Response } from 'express';
import { listenLoopback, type TlsIdentity } from '../listen.js';
import type { Exchange } from '../../scenarios/types.js';
import { bodyErrorHandler, type Recorder } from '../recorder.js';
import { anthropicMessages } from './anthropic-messages.js';
import { chatCompletions } from './chat-completions.js';
import { geminiApi } from './gemini.js';
import { modelLists } from './models.js';
import { responses } from './responses.js';
import type { ModelRoute, ScriptedTurn } from './route.js';

import { MODEL_NAME } from './script.js';

export { MODEL_NAME };

/** The id of the model server in traces and reports. */
export const MODEL_SERVER_ID = 'model';

/** A model turn the server played, and the exchange that carried it. */
export interface PlayedTurn extends ScriptedTurn {
  seq: number;
  format: string;
}

/** Every wire format the server speaks. */
export const MODEL_ROUTES: readonly ModelRoute[] = [...chatCompletions, ...responses, ...anthropicMessages, ...geminiApi, ...modelLists];

export interface RunningModelServer {
  /** `http://127.0.0.1:PORT`, where every wire format is served at its usual path. */
  origin: string;
  /** The one model it offers (MODEL_NAME). */
  name: string;
  /** Every model turn played so far, in order. */
  turns: PlayedTurn[];
  close(): Promise<void>;
}

const ajv = new Ajv({ allErrors: false, strict: false });
const validators = new Map<ModelRoute, ValidateFunction>();

function validatorOf(route: ModelRoute): ValidateFunction | undefined {
  if (!route.schema) return undefined;
  let validate = validators.get(route);
  if (!validate) {
    validate = ajv.compile(route.schema);
    validators.set(route, validate);
  }
  return validate;
}

/** 4xx in the shape every agent's error path reads: OpenAI's and Anthropic's `error.message`, Gemini's `error.status`. */
function refuse(res: Response, status: number, message: string): void {
  res.status(status).json({ type: 'error', error: { type: 'invalid_request_error', code: status, status: 'INVALID_ARGUMENT', message } });
}

function parseJson(req: Request): { ok: true; value: unknown } | { ok: false; message: string } {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (raw.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch (error) {
    return { ok: false, message: `the request body is not JSON (${(error as Error).message})` };
  }
}

/** The Express app of the model server: every route validated, every other request answered 404 and recorded. */
export function modelApp(recorder: Recorder, origin: string, turns: PlayedTurn[], routes: readonly ModelRoute[] = MODEL_ROUTES): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(...recorder.middleware(MODEL_SERVER_ID, 'model', origin));
  for (const route of routes) {
    const handler = (req: Request, res: Response) => {
      const parsed = parseJson(req);
      if (!parsed.ok) return refuse(res, 400, `${route.format}: ${parsed.message}`);
      const validate = validatorOf(route);
      if (validate && !validate(parsed.value)) {
        const first = validate.errors?.[0];
        const where = first ? `${first.instancePath || '(body)'} ${first.message ?? 'is invalid'}` : 'is invalid';
        return refuse(res, 400, `${route.format}: ${req.method} ${req.path}: ${where}`);
      }
      try {
        const played = route.handle(parsed.value, req, res);
        if (played) turns.push({ ...played, seq: (res.locals.exchange as Exchange).seq, format: route.format });
      } catch (error) {
        if (!res.headersSent) refuse(res, 500, `${route.format}: the scripted model failed: ${(error as Error).message}`);
        else res.end();
      }
    };
    if (route.method === 'GET') app.get(route.path, handler);
    else app.post(route.path, handler);
  }
  app.use((req: Request, res: Response) => {
    refuse(
      res,
      404,
      `the conformance model server does not serve ${req.method} ${req.path} (it speaks: ${[...new Set(routes.map((r) => r.format))].join(', ')})`,
    );
  });
  app.use(bodyErrorHandler);
  return app;
}

/** Starts the scripted model server on 127.0.0.1, recording every request as the `model` server. */
export async function startModelServer(recorder: Recorder, options: { tls?: TlsIdentity } = {}): Promise<RunningModelServer> {
  const listener = await listenLoopback('127.0.0.1', options.tls);
  const turns: PlayedTurn[] = [];
  listener.attach(modelApp(recorder, listener.origin, turns));
  return { origin: listener.origin, name: MODEL_NAME, turns, close: () => listener.close() };
}
