import type { ScenarioResult } from '../../reports/results.js';
import type { RequestedRevision } from '../../scenarios/revision.js';
import type { Scenario } from '../../scenarios/types.js';
import type { ClientAdapter } from '../clients/types.js';
import type { RunTls } from '../run-tls.js';
import type { BrowserUserAgent } from '../user-agent/browser.js';

export interface RunOptions {
  client: ClientAdapter;
  /** A revision to judge every client at, or `auto`: the revision each client negotiates. */
  specVersion: RequestedRevision;
  /** Failures in the interop and backcompat suites fail the run too. */
  strict?: boolean;
  timeoutMs: number;
  /** `--user-agent browser`: the run's Chromium; without it the fetch-based user agent. */
  browser?: BrowserUserAgent;
  /** `--tls`: the run's CA and server certificate. */
  tls?: RunTls;
  /**
   * Runs one scenario somewhere else (a namespace worker, behind a fixed-port queue); default: runScenario here.
   * `queue.waiting`: how many scenarios of the run have yet to start.
   */
  runOne?: (scenario: Scenario, options: RunOptions, queue?: { waiting: number }) => Promise<ScenarioResult>;
}
