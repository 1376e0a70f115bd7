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

/**
 * How long after a 3xx answer was sent a request to its Location still counts as following it. Following is
 * immediate (fetch, a browser, the harness's user agent); the bound only keeps a request made much later, by
 * choice, from being taken for a hop on a loaded machine.
 */
export const HOP_WINDOW_MS = 10_000;
/** The statuses whose Location fetch, browsers and HTTP libraries follow on their own. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

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
  /** When each exchange arrived and, for those the middleware answers, when its response started (performance.now()). */
  private readonly timing = new Map<Exchange, { arrived: number; answered?: number }>();
  private readonly started = performance.now();
  /** The wall-clock time at which exchanges' `at` is 0, for what is judged against epoch times (a JWT's `exp`). */
  readonly startedAtEpochMs = Date.now();
  private nextSeq = 1;
  private readonly hopWindowMs: number;

  constructor(options: { hopWindowMs?: number } = {}) {
    this.hopWindowMs = options.hopWindowMs ?? HOP_WINDOW_MS;
  }

  /** Starts an exchange at arrival, so the timeline is in arrival order; the response is filled in later. */
  open(fields: Pick<Exchange, 'server' | 'role' | 'from' | 'method' | 'url' | 'requestHeaders'>): Exchange {
    const now = performance.now();
    const exchange: Exchange = {
      seq: this.nextSeq++,
      at: Math.round(now - this.started),
      requestBody: '',
      status: 0,
      responseHeaders: {},
      responseBody: '',
      ...fields,
    };
    this.exchanges.push(exchange);
    this.timing.set(exchange, { arrived: now });
    return exchange;
  }

  /** The timeline so far, each automatic redirect hop marked with `redirectedFrom`. */
  trace(): Trace {
    const hops = this.hops();
    return {
      exchanges: this.exchanges.map((ex) => {
        const from = hops.get(ex);
        return from === undefined ? { ...ex } : { ...ex, redirectedFrom: from };
      }),
    };
  }

  /**
   * Which exchanges are automatic redirect hops, and of which 3xx exchange. The rule: a request is a hop of an
   * earlier 301, 302, 303, 307 or 308 answer when
   *   - it comes from the same party (`from`) the 3xx answered,
   *   - its URL is the 3xx's Location, resolved against the 3xx's request URL (fragment dropped),
   *   - its method is the one a client following the redirect uses: the same for 307 and 308; GET or the same for
   *     301, 302 and 303 (fetch turns POST into GET, some libraries turn every method into GET),
   *   - it arrived after the 3xx answer was sent and at most HOP_WINDOW_MS (10 s) later, and
   *   - it is the first such request: each 3xx has at most one hop, matched oldest 3xx first, so concurrent
   *     requests redirected to the same URL each get their own, and the same URL requested again later by
   *     choice is not a hop.
   * A hop may itself answer 3xx, so chains follow. A Location outside the topology is never recorded.
   * Computed when the trace is taken, when every answer's status and Location are known.
   */
  private hops(): Map<Exchange, number> {
    const hops = new Map<Exchange, number>();
    // 3xx answers whose Location no request has followed yet, oldest first.
    let pending: { ex: Exchange; target: string; sent: number }[] = [];
    for (const ex of this.exchanges) {
      const arrived = this.timing.get(ex)?.arrived ?? 0;
      pending = pending.filter((p) => arrived - p.sent <= this.hopWindowMs);
      const url = withoutFragment(ex.url);
      const followed = pending.findIndex((p) => p.ex.from === ex.from && p.target === url && p.sent <= arrived && followsWith(p.ex, ex.method));
      if (followed >= 0) {
        hops.set(ex, pending[followed]!.ex.seq);
        pending.splice(followed, 1);
      }
      const target = redirectTarget(ex);
      if (target) {
        const timing = this.timing.get(ex);
        // An exchange the harness filled in itself (a user agent's hop off the mock servers) has no answer time: its arrival stands in.
        pending.push({ ex, target, sent: timing?.answered ?? timing?.arrived ?? 0 });
      }
    }
    return hops;
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
      captureResponse(res, exchange, () => {
        const timing = this.timing.get(exchange);
        if (timing && timing.answered === undefined) timing.answered = performance.now();
      });
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

/** A URL without its fragment, normalized as a client sends it; the text as is when it is no URL. */
function withoutFragment(url: string, base?: string): string {
  try {
    const parsed = new URL(url, base);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}

/** Where a 3xx answer sends its client, absolute; undefined for any other answer. */
function redirectTarget(ex: Exchange): string | undefined {
  const location = ex.responseHeaders['location'];
  if (!REDIRECT_STATUSES.has(ex.status) || !location) return undefined;
  try {
    return withoutFragment(new URL(location, ex.url).href);
  } catch {
    return undefined;
  }
}

/** Whether a client following `redirect` sends `method` (the fetch standard, and libraries that always switch to GET). */
function followsWith(redirect: Exchange, method: string): boolean {
  if (redirect.status === 307 || redirect.status === 308) return method === redirect.method;
  return method === 'GET' || method === redirect.method;
}

/** Copies what a response sends into its exchange; `answering` runs when the handler starts the response. */
function captureResponse(res: Response, exchange: Exchange, answering: () => void): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function' || kept >= MAX_RECORDED_RESPONSE) return;
    // The SDK's transport writes Uint8Array chunks: copied as bytes, never stringified ("123,34,…").
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    const slice = buffer.subarray(0, MAX_RECORDED_RESPONSE - kept);
    chunks.push(slice);
    kept += slice.length;
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
  (res as unknown as { writeHead: (...args: unknown[]) => Response }).writeHead = (...args: unknown[]) => {
    answering();
    return writeHead(...args);
  };
  (res as unknown as { write: (...args: unknown[]) => boolean }).write = (...args: unknown[]) => {
    answering();
    keep(args[0], args[1]);
    return write(...args);
  };
  (res as unknown as { end: (...args: unknown[]) => Response }).end = (...args: unknown[]) => {
    answering();
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
