import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Exchange, Trace } from '../scenarios/types.js';

/** User-Agent marker of the harness's own user agents, so their requests are told apart from the client's. */
export const USER_AGENT_MARKER = 'mcp-oauth-conformance-user-agent';

/** Request bodies beyond this are refused with 413: a mock server never buffers without bound. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** What of a response body the trace keeps. */
const MAX_RECORDED_RESPONSE = 64 * 1024;
/** What of a request body the trace keeps: a trace lives until the verdict, so it must not grow by 1 MiB a request. */
export const MAX_RECORDED_REQUEST = 64 * 1024;

type Role = Exchange['role'];

function flatten(headers: IncomingHttpHeaders | OutgoingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}

/** One ordered timeline of every request every server of a run received. */
export class Recorder {
  private readonly exchanges: Exchange[] = [];
  private readonly started = performance.now();
  private nextSeq = 1;

  /** Starts an exchange at arrival, so the timeline is in arrival order; the response is filled in later. */
  open(fields: Pick<Exchange, 'server' | 'role' | 'from' | 'method' | 'url' | 'requestHeaders'>): Exchange {
    const exchange: Exchange = {
      seq: this.nextSeq++,
      at: Math.round(performance.now() - this.started),
      requestBody: '',
      status: 0,
      responseHeaders: {},
      responseBody: '',
      ...fields,
    };
    this.exchanges.push(exchange);
    return exchange;
  }

  trace(): Trace {
    return { exchanges: this.exchanges.map((ex) => ({ ...ex })) };
  }

  /**
   * Express middleware recording every request to one server. It reads the body itself (bounded),
   * leaving it as a Buffer in `req.body`, and copies what the response sends.
   */
  middleware(server: string, role: Role, origin: string): RequestHandler[] {
    const record: RequestHandler = (req, res, next) => {
      const headers = flatten(req.headers);
      const exchange = this.open({
        server,
        role,
        from: (headers['user-agent'] ?? '').includes(USER_AGENT_MARKER) ? 'user-agent' : 'client',
        method: req.method,
        url: `${origin}${req.originalUrl}`,
        requestHeaders: headers,
      });
      captureResponse(res, exchange);
      res.locals.exchange = exchange;
      next();
    };
    const body = express.raw({ type: () => true, limit: MAX_BODY_BYTES });
    const keepBody: RequestHandler = (req, res, next) => {
      const exchange = res.locals.exchange as Exchange;
      if (Buffer.isBuffer(req.body)) {
        exchange.requestBody =
          req.body.length > MAX_RECORDED_REQUEST
            ? `${req.body.subarray(0, MAX_RECORDED_REQUEST).toString('utf8')}\n[request body truncated by mcp-oauth-conformance: ${req.body.length} bytes]`
            : req.body.toString('utf8');
      }
      next();
    };
    return [record, body, keepBody];
  }
}

function captureResponse(res: Response, exchange: Exchange): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function' || kept >= MAX_RECORDED_RESPONSE) return;
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    const slice = buffer.subarray(0, MAX_RECORDED_RESPONSE - kept);
    chunks.push(slice);
    kept += slice.length;
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  (res as unknown as { write: (...args: unknown[]) => boolean }).write = (...args: unknown[]) => {
    keep(args[0], args[1]);
    return write(...args);
  };
  (res as unknown as { end: (...args: unknown[]) => Response }).end = (...args: unknown[]) => {
    keep(args[0], args[1]);
    return end(...args);
  };
  const settle = () => {
    exchange.status = res.statusCode;
    exchange.responseHeaders = flatten(res.getHeaders());
    exchange.responseBody = Buffer.concat(chunks).toString('utf8');
  };
  res.on('finish', settle);
  res.on('close', settle);
}

/** Answers a body that is too large or unreadable without letting the error escape the server. */
export function bodyErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const status = (err as { status?: number }).status ?? 500;
  const type = (err as { type?: string }).type;
  res.status(status).json({
    error: status === 413 ? 'request_too_large' : 'invalid_request',
    error_description: type === 'entity.too.large' ? `request body over ${MAX_BODY_BYTES} bytes` : String((err as Error).message ?? err),
  });
}
