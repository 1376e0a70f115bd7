import { rootCertificates } from 'node:tls';
import { Agent, request } from 'undici';
import type { Answer } from '../../scenarios/captured-topology.js';
import { UsageError } from '../usage-error.js';

// The only way `capture` talks to a live deployment: GETs and one POST, each bounded in time and size, redirects
// followed by hand (so every hop is seen and counted), and no more requests than the budget.

/** A capture that cannot go on: one line, exit code 2. */
export class CaptureError extends UsageError {}

export interface HttpLimits {
  /** Per request, headers and body together. */
  timeoutMs: number;
  /** Bytes of one answer's body; a larger answer ends the capture. */
  maxBytes: number;
  /** Requests in all, redirect hops included. */
  maxRequests: number;
  /** Redirect hops one request may follow. */
  maxRedirects: number;
}

export const DEFAULT_LIMITS: HttpLimits = { timeoutMs: 10_000, maxBytes: 1024 * 1024, maxRequests: 40, maxRedirects: 5 };

const TEXT_KEPT = 2000;

/** A bounded reader of one deployment; `sent` lists every request it made, in order. */
export class CaptureHttp {
  readonly sent: { method: string; url: string }[] = [];
  private readonly dispatcher: Agent;

  constructor(
    private readonly limits: HttpLimits,
    /** Headers the operator passed (`--header`), sent with every request and never printed. */
    private readonly extraHeaders: Record<string, string>,
    ca?: string,
  ) {
    // A private CA is trusted besides the system's, not instead of them: its authorization server may be public.
    this.dispatcher = new Agent({ connect: ca ? { ca: [...rootCertificates, ca] } : {}, headersTimeout: limits.timeoutMs, bodyTimeout: limits.timeoutMs });
  }

  async close(): Promise<void> {
    await this.dispatcher.destroy();
  }

  /** GET, following redirects as a client's HTTP library would (bounded). */
  get(url: string): Promise<Answer> {
    return this.send('GET', url, undefined, { accept: 'application/json' });
  }

  /** The one unauthenticated POST: an MCP initialize, not followed across redirects but to 307/308 (method kept). */
  post(url: string, body: string, headers: Record<string, string>): Promise<Answer> {
    return this.send('POST', url, body, headers);
  }

  private async send(method: 'GET' | 'POST', first: string, body: string | undefined, headers: Record<string, string>): Promise<Answer> {
    const hops: { url: string; status: number }[] = [];
    let url = first;
    for (;;) {
      const answer = await this.once(method, url, body, headers);
      const location = answer.headers['location'];
      const follow = location && answer.status >= 300 && answer.status < 400 && (method === 'GET' || answer.status === 307 || answer.status === 308);
      if (!follow) return { ...answer, url: first, ...(hops.length ? { hops, finalUrl: url } : {}) };
      hops.push({ url, status: answer.status });
      if (hops.length > this.limits.maxRedirects)
        throw new CaptureError(`${method} ${first} redirects more than ${this.limits.maxRedirects} times (last to ${location})`);
      url = new URL(location, url).href;
    }
  }

  private async once(method: 'GET' | 'POST', url: string, body: string | undefined, headers: Record<string, string>): Promise<Answer> {
    if (this.sent.length >= this.limits.maxRequests) throw new CaptureError(`the capture needed more than ${this.limits.maxRequests} requests; it stops there`);
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new CaptureError(`${url} is not an http(s) URL`);
    this.sent.push({ method, url });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.limits.timeoutMs);
    try {
      const response = await request(url, {
        method,
        headers: { 'user-agent': 'mcp-oauth-conformance capture', ...headers, ...this.extraHeaders },
        ...(body !== undefined ? { body } : {}),
        dispatcher: this.dispatcher,
        signal: controller.signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.limits.maxBytes) {
          controller.abort();
          throw new CaptureError(`${method} ${url} answered more than ${this.limits.maxBytes} bytes; no metadata document is that large`);
        }
        chunks.push(chunk);
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const headersOut: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headersOut[name] = Array.isArray(value) ? value.join(', ') : value;
      return {
        method,
        url,
        status: response.statusCode,
        headers: headersOut,
        text: text.slice(0, TEXT_KEPT),
        json: parseJson(text, headersOut['content-type']),
      };
    } catch (error) {
      if (error instanceof CaptureError) throw error;
      if (controller.signal.aborted) throw new CaptureError(`${method} ${url} did not answer within ${this.limits.timeoutMs} ms`);
      throw new CaptureError(`cannot reach ${parsed.host}: ${networkReason(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

function parseJson(text: string, contentType: string | undefined): unknown {
  if (contentType && !/json/i.test(contentType)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The code or message of a network failure (undici wraps the socket's error in `cause`). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const own = error as { code?: string; message?: string };
  return cause?.code ?? own.code ?? cause?.message ?? own.message ?? String(error);
}
