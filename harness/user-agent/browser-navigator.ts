import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import type { Recorder } from '../../mock-servers/recorder.js';
import { USER_AGENT_MARKER } from '../../mock-servers/recorder.js';
import type { Exchange, Scenario } from '../../scenarios/types.js';
import { forgeryBefore } from './forged-callback.js';
import { CallbackRetries, refusalOf, type Navigator } from './service.js';

export type ConsentDecision = 'approve' | 'deny';

export interface Screenshot {
  /** File name, e.g. `consent.png`. */
  name: string;
  png: Buffer;
}

const STEP_TIMEOUT_MS = 10_000;
const MAX_RECORDED_BODY = 64 * 1024;
const USER_AGENT = `Mozilla/5.0 (X11; Linux x86_64) Chrome ${USER_AGENT_MARKER}/browser`;

/**
 * A real Chromium page per visit: it opens the authorization URL, answers the mock authorization server's
 * consent page as the scenario says, follows the redirect to the client's callback, and takes a screenshot
 * of the consent page and of the page it ends on. Requests off loopback are aborted; hops to the client's
 * redirect URI are recorded into the trace as the HTTP navigator records them.
 */
export class BrowserNavigator implements Navigator {
  readonly screenshots: Screenshot[] = [];
  /** Whether the consent page was answered with deny (the scenario's reason says so: the client cannot pass). */
  denied = false;
  private context?: Promise<BrowserContext>;
  private visits = 0;
  private forged = false;
  private readonly exchanges = new Map<Request, Exchange>();
  private retrying?: Exchange;

  constructor(
    private readonly browser: Browser,
    private readonly recorder: Recorder,
    private readonly mockOrigins: Set<string>,
    private readonly options: { consent: ConsentDecision; forgery: Scenario['userAgent'] },
  ) {}

  private isMock(url: string): boolean {
    try {
      return this.mockOrigins.has(new URL(url).origin);
    } catch {
      return false;
    }
  }

  private async newContext(): Promise<BrowserContext> {
    // The browser only ever reaches the run's loopback servers; with --tls their certificates come from the
    // run's own CA, which Playwright's route.fetch (used for the forged callback) does not know.
    const context = await this.browser.newContext({ userAgent: USER_AGENT, viewport: { width: 900, height: 640 }, ignoreHTTPSErrors: true });
    // Only the first request of a redirect chain is routed; the hops after it are kept on loopback by the
    // browser's dead-end proxy (see BrowserUserAgent) and recorded from the request events below.
    await context.route('**/*', async (route) => {
      const request = route.request();
      const url = request.url();
      if (url.startsWith('data:') || url.startsWith('about:')) return route.continue();
      if (refusalOf(url)) return route.abort('blockedbyclient');
      if (
        (this.options.forgery?.forgedCallbackFirst || this.options.forgery?.mismatchedErrorFirst) &&
        !this.forged &&
        this.isMock(url) &&
        request.isNavigationRequest()
      ) {
        // A failure here must not escape into the run: the page then loads as it would have anyway.
        try {
          const response = await route.fetch({ maxRedirects: 0 });
          const location = response.headers()['location'];
          const target = location ? new URL(location, url).href : undefined;
          if (target && !this.isMock(target) && !refusalOf(target) && new URL(target).searchParams.has('code')) {
            this.forged = true;
            await this.deliverForged(context, target);
          }
          return await route.fulfill({ response });
        } catch {
          return route.continue().catch(() => {});
        }
      }
      return route.continue();
    });
    context.on('request', (request) => {
      const url = request.url();
      if (!request.isNavigationRequest() || refusalOf(url) || this.isMock(url)) return;
      // A callback tried again after a refused connection stays the one exchange, as with the HTTP user agent.
      const retried = this.retrying?.url === url ? this.retrying : undefined;
      this.retrying = undefined;
      this.exchanges.set(
        request,
        retried ??
          this.recorder.open({
            server: 'client-callback',
            role: 'client-callback',
            from: 'user-agent',
            method: request.method(),
            url,
            requestHeaders: request.headers(),
          }),
      );
    });
    context.on('response', (response) => {
      const exchange = this.exchanges.get(response.request());
      if (!exchange) return;
      exchange.status = response.status();
      void response.allHeaders().then(
        (headers) => (exchange.responseHeaders = headers),
        () => undefined,
      );
      void response.text().then(
        (body) => (exchange.responseBody = body.slice(0, MAX_RECORDED_BODY)),
        () => undefined,
      );
    });
    context.on('requestfailed', (request) => {
      const exchange = this.exchanges.get(request);
      if (exchange) exchange.responseBody = `(no response: ${request.failure()?.errorText ?? 'failed'})`;
    });
    return context;
  }

  /** Before the real authorization response, the forgery the scenario asks for (the HTTP navigator's, so checks tell them apart alike). */
  private async deliverForged(context: BrowserContext, callback: string): Promise<void> {
    const href = forgeryBefore(callback, this.options.forgery);
    if (!href) return;
    const forged = new URL(href);
    const headers = { 'user-agent': USER_AGENT };
    const exchange = this.recorder.open({
      server: 'client-callback',
      role: 'client-callback',
      from: 'user-agent',
      method: 'GET',
      url: forged.href,
      requestHeaders: headers,
    });
    try {
      const response = await context.request.get(forged.href, { headers, maxRedirects: 0, timeout: STEP_TIMEOUT_MS });
      exchange.status = response.status();
      exchange.responseHeaders = response.headers();
      exchange.responseBody = (await response.text()).slice(0, MAX_RECORDED_BODY);
    } catch (error) {
      exchange.responseBody = `(no response: ${(error as Error).message})`;
    }
  }

  private async shoot(page: Page, name: string): Promise<void> {
    const suffix = this.visits > 1 ? `-${this.visits}` : '';
    try {
      this.screenshots.push({ name: `${name}${suffix}.png`, png: await page.screenshot({ fullPage: true, timeout: STEP_TIMEOUT_MS }) });
    } catch {
      // a page that cannot be drawn (closed, crashed) leaves no screenshot; the visit's account says why
    }
  }

  async visit(start: string): Promise<string> {
    this.visits += 1;
    this.context ??= this.newContext();
    const page = await (await this.context).newPage();
    try {
      try {
        await page.goto(start, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
      } catch (error) {
        await this.shoot(page, 'callback');
        return `could not load ${start}: ${(error as Error).message.split('\n')[0]}`;
      }
      let decided = '';
      const button = page.locator(this.options.consent === 'deny' ? '#deny' : '#approve');
      if (this.isMock(page.url()) && (await button.count()) > 0) {
        await this.shoot(page, 'consent');
        await Promise.all([
          page.waitForURL((url) => !this.isMock(url.href), { waitUntil: 'load', timeout: STEP_TIMEOUT_MS }).catch(() => undefined),
          button.click({ timeout: STEP_TIMEOUT_MS }),
        ]);
        decided = this.options.consent === 'deny' ? 'denied on the consent page, ' : 'approved on the consent page, ';
        if (this.options.consent === 'deny') this.denied = true;
      }
      const lastOfPage = () => [...this.exchanges.entries()].filter(([request]) => request.frame() === page.mainFrame()).pop()?.[1];
      const retries = new CallbackRetries();
      let last = lastOfPage();
      while (last && last.status === 0 && /ERR_CONNECTION_REFUSED/.test(last.responseBody) && (await retries.again(last.url))) {
        this.retrying = last;
        await page.goto(last.url, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS }).catch(() => undefined);
        last = lastOfPage();
      }
      await this.shoot(page, 'callback');
      const final = lastOfPage();
      return `${decided}ended at ${page.url()}${final ? ` (${final.status || 'no response'})` : ''}${retries.account}`;
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.context) await (await this.context).close().catch(() => undefined);
  }
}
