import type { Request, Response } from 'express';
import type { Conversation, Turn } from './script.js';

/** One endpoint of a model API: its path, the JSON schema its request body must meet, and how it answers. */
export interface ModelRoute {
  /** Which wire format the route belongs to, for error messages and tests. */
  format: string;
  method: 'GET' | 'POST';
  /** An Express path (`/v1/chat/completions`, `/v1beta/models/:call`). */
  path: string;
  /** JSON Schema of the request body (POST); a body that does not meet it is answered 400 naming the field. */
  schema?: object;
  /**
   * Answers a request whose body (parsed JSON, or undefined for GET) met the schema; a model turn returns what the
   * script saw and chose, so the run can tell what the agent was asked to do.
   */
  handle(body: unknown, req: Request, res: Response): ScriptedTurn | undefined;
}

export interface ScriptedTurn {
  conversation: Conversation;
  turn: Turn;
}

/** Starts a server-sent events response. */
export function startEvents(res: Response): void {
  res.status(200);
  res.setHeader('content-type', 'text/event-stream');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('connection', 'keep-alive');
}

/** Writes one server-sent event: `data:` only, or `event:` + `data:` when `event` is given. */
export function sendEvent(res: Response, data: unknown, event?: string): void {
  res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

/** A text of a tool result, whatever shape an agent sends it in (a string, content parts, an object). */
export function resultText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(resultText).join('');
  if (value && typeof value === 'object') {
    const { text, output, content } = value as { text?: unknown; output?: unknown; content?: unknown };
    if (typeof text === 'string') return text;
    if (output !== undefined) return resultText(output);
    if (content !== undefined) return resultText(content);
    return JSON.stringify(value);
  }
  return value === undefined ? '' : String(value);
}
