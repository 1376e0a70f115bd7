import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMockServerPort } from '../../mock-servers/listen.js';
import type { Recorder } from '../../mock-servers/recorder.js';
import { hasScheme, isLoopbackHost } from '../../scenarios/urls.js';

export interface UserAgentEvent {
  /** Milliseconds since the user agent started. */
  at: number;
  kind: 'opened' | 'refused' | 'error';
  url: string;
  detail: string;
}

/** Something that visits an authorization URL the way a person's browser would. */
export interface Navigator {
  /** Follows `url` to its end; returns a one-line account of where it ended. */
  visit(url: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A person spends a moment on the consent page before the authorization response reaches the client; the user agent
 * spends milliseconds. So a refused connection to the client's redirect URI is tried again, every
 * CALLBACK_RETRY_PAUSE_MS for up to CALLBACK_RETRY_MS: a client that opens the browser just before its callback
 * listener is up (mcp-remote 0.15.1 when it re-authorizes) is not failed for the harness's speed, while one whose
 * listener never comes up still is.
 */
export const CALLBACK_RETRY_MS = 3000;
export const CALLBACK_RETRY_PAUSE_MS = 100;

/** Whether a refused redirect URI may be tried again: not once a mock server of this run took its port over. */
export function mayRetryCallback(url: string, giveUpAt: number): boolean {
  return Date.now() < giveUpAt && !isMockServerPort(Number(new URL(url).port));
}

/** The retries of one delivery to a redirect URI, shared by every navigator: deadline, pause, count, account. */
export class CallbackRetries {
  private readonly giveUpAt = Date.now() + CALLBACK_RETRY_MS;
  private refused = 0;

  /** After `url` refused the connection: waits the pause and says to try again, unless mayRetryCallback says no. */
  async again(url: string): Promise<boolean> {
    if (!mayRetryCallback(url, this.giveUpAt)) return false;
    this.refused += 1;
    await new Promise((resolve) => setTimeout(resolve, CALLBACK_RETRY_PAUSE_MS));
    return true;
  }

  /** What the visit's account adds: nothing when the first connection was taken. */
  get account(): string {
    return this.refused > 0 ? `, after the client's redirect URI refused the connection ${this.refused} time(s)` : '';
  }
}

/** Only http(s) URLs on loopback are ever followed: nothing may leave the machine. */
export function refusalOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `scheme ${parsed.protocol} is not http(s)`;
  if (!isLoopbackHost(parsed.hostname)) return `host ${parsed.hostname} is not loopback`;
  return undefined;
}

/** The first argument a launcher was given that parses as an absolute URL. */
function urlArgument(args: string[]): string | undefined {
  return args.find(hasScheme);
}

/**
 * The arguments a browser shim was called with: form-encoded (`arg` once per argument, as the sh shim's curl or perl
 * sends them) or JSON `{ args }` (the Node shim). Anything else has none.
 */
function launcherArguments(body: string, contentType: string | undefined): string[] {
  if (contentType?.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams(body).getAll('arg');
  try {
    const parsed = JSON.parse(body) as { args?: unknown };
    return Array.isArray(parsed.args) ? parsed.args.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * The endpoint the browser shims post to. Each URL a client asks to open is visited by the navigator;
 * `idle()` resolves once every visit has ended.
 */
export class UserAgentService {
  readonly events: UserAgentEvent[] = [];
  private server?: Server;
  private readonly pending = new Set<Promise<void>>();
  private readonly started = Date.now();
  endpoint = '';

  /** With a recorder, every refused URL also enters the trace (role `user-agent`), so checks can see it. */
  constructor(
    private readonly navigator: Navigator,
    private readonly recorder?: Recorder,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 64 * 1024) chunks.push(chunk);
      });
      req.on('end', () => {
        const args = launcherArguments(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
        const url = urlArgument(args);
        if (!url) {
          this.log('refused', args.join(' '), 'the browser launcher was called without a URL');
          res.writeHead(400).end();
          return;
        }
        const refusal = refusalOf(url);
        if (refusal) {
          this.log('refused', url, refusal);
          this.recordRefusal(url, refusal);
          res.writeHead(403).end();
          return;
        }
        this.track(url);
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/open`;
  }

  private log(kind: UserAgentEvent['kind'], url: string, detail: string): void {
    this.events.push({ at: Date.now() - this.started, kind, url, detail });
  }

  private recordRefusal(url: string, refusal: string): void {
    if (!this.recorder || !URL.canParse(url)) return;
    const exchange = this.recorder.open({ server: 'user-agent', role: 'user-agent', from: 'client', method: 'OPEN', url, requestHeaders: {} });
    exchange.responseBody = `refused: ${refusal}`;
  }

  private track(url: string): void {
    const visit = this.navigator
      .visit(url)
      .then((detail) => this.log('opened', url, detail))
      .catch((error: Error) => this.log('error', url, error.message))
      .finally(() => this.pending.delete(visit));
    this.pending.add(visit);
  }

  /** Whether a visit is in flight (the client's flow may be waiting on it). */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    await this.navigator.close();
  }
}
