import type { Recorder } from '../../mock-servers/recorder.js';
import { USER_AGENT_MARKER } from '../../mock-servers/recorder.js';
import type { Scenario } from '../../scenarios/types.js';
import { forgeryBefore } from './forged-callback.js';
import { CallbackRetries, refusalOf, type Navigator } from './service.js';

const MAX_HOPS = 10;
const HOP_TIMEOUT_MS = 10_000;
const HEADERS = { 'user-agent': `${USER_AGENT_MARKER}/http`, accept: 'text/html,application/xhtml+xml,*/*' };

function connectionRefused(error: unknown): boolean {
  return ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED';
}

/**
 * A fetch-based user agent: follows redirects by hand so it can refuse any hop off loopback, and records
 * the hops that land outside the mock servers (the client's own redirect URI) into the trace.
 */
export class HttpNavigator implements Navigator {
  constructor(
    private readonly recorder: Recorder,
    private readonly mockOrigins: Set<string>,
    private readonly behaviour: Scenario['userAgent'] = {},
  ) {}

  private forged = false;

  async visit(start: string): Promise<string> {
    let url = start;
    for (let hop = 0; hop < MAX_HOPS; hop += 1) {
      const refusal = refusalOf(url);
      if (refusal) return `stopped before ${url}: ${refusal}`;
      const toClient = !this.mockOrigins.has(new URL(url).origin);
      const forgery = toClient && !this.forged ? forgeryBefore(url, this.behaviour) : undefined;
      if (forgery) {
        this.forged = true;
        await this.visit(forgery);
      }
      const exchange = toClient
        ? this.recorder.open({ server: 'client-callback', role: 'client-callback', from: 'user-agent', method: 'GET', url, requestHeaders: { ...HEADERS } })
        : undefined;
      let response: Response;
      const retries = new CallbackRetries();
      for (;;) {
        try {
          response = await fetch(url, { redirect: 'manual', headers: HEADERS, signal: AbortSignal.timeout(HOP_TIMEOUT_MS) });
          break;
        } catch (error) {
          if (toClient && connectionRefused(error) && (await retries.again(url))) continue;
          if (exchange) exchange.responseBody = `(no response: ${(error as Error).message})`;
          return `could not load ${url}: ${String((error as Error).cause ?? (error as Error).message)}${retries.account}`;
        }
      }
      const body = (await response.text()).slice(0, 64 * 1024);
      if (exchange) {
        exchange.status = response.status;
        exchange.responseHeaders = Object.fromEntries(response.headers);
        exchange.responseBody = body;
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url).href;
        continue;
      }
      return `ended at ${url} (${response.status})${retries.account}`;
    }
    return `gave up after ${MAX_HOPS} redirects`;
  }

  async close(): Promise<void> {}
}
