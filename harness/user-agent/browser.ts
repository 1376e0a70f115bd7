import { createServer, type Server } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import type { Recorder } from '../../mock-servers/recorder.js';
import type { Scenario } from '../../scenarios/types.js';
import { findChromium, INSTALL_HINT } from '../find-chromium.js';
import type { RunTls } from '../run-tls.js';
import { BrowserNavigator, type ConsentDecision } from './browser-navigator.js';
import { UsageError } from '../usage-error.js';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Chromium resolves *.localhost to loopback itself and sends it past any proxy; such names are not the
  // loopback names the harness follows, so they resolve nowhere.
  '--host-resolver-rules=MAP *.localhost ~NOTFOUND',
];

export class BrowserNotFoundError extends UsageError {}

/** One Chromium per run; each scenario gets its own context (cookies, storage) from it. */
export class BrowserUserAgent {
  private constructor(
    private readonly browser: Browser,
    private readonly deadEnd: Server,
    readonly executablePath: string,
    /** What starting Chromium cost, once per run. */
    readonly launchMs: number,
    private readonly consent: ConsentDecision,
  ) {}

  static async launch(options: { tls?: RunTls; consent?: ConsentDecision } = {}): Promise<BrowserUserAgent> {
    const executablePath = await findChromium();
    if (!executablePath) throw new BrowserNotFoundError(`--user-agent browser: ${INSTALL_HINT}`);
    const { chromium } = await import('playwright-core');
    const started = performance.now();
    // Chromium trusts exactly the run's server key (its certificate is signed by the run's CA, which Chromium
    // on Linux could only learn through an NSS database in the user's HOME).
    const args = [...CHROMIUM_FLAGS, ...(options.tls ? [`--ignore-certificate-errors-spki-list=${options.tls.spkiSha256}`] : [])];
    // Every request off loopback goes to a proxy that hangs up: redirect hops, which page.route never sees,
    // cannot leave the machine either. Chromium always connects to loopback directly.
    const deadEnd = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => deadEnd.listen(0, '127.0.0.1', resolve));
    // `<-loopback>` drops Chromium's implicit bypass of *.localhost names (refusalOf() calls them off loopback);
    // 127.0.0.1 stays literal for Playwright's own fetch (route.fetch), which matches host suffixes only.
    const proxy = { server: `http://127.0.0.1:${(deadEnd.address() as { port: number }).port}`, bypass: '<-loopback>,localhost,127.0.0.1,127.0.0.0/8,[::1]' };
    try {
      const browser = await chromium.launch({ executablePath, headless: true, args, proxy, timeout: 30_000 });
      return new BrowserUserAgent(browser, deadEnd, executablePath, Math.round(performance.now() - started), options.consent ?? 'approve');
    } catch (error) {
      deadEnd.close();
      throw error;
    }
  }

  /** A navigator for one scenario, in a fresh browser context. */
  navigator(recorder: Recorder, mockOrigins: Set<string>, scenario: Scenario): BrowserNavigator {
    return new BrowserNavigator(this.browser, recorder, mockOrigins, {
      consent: this.consent,
      forgery: scenario.userAgent,
    });
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    this.deadEnd.close();
  }
}
