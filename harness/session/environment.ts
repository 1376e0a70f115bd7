import { performance } from 'node:perf_hooks';
import { onCleanup } from '../cleanup.js';
import { createRunTls, trustInProcess, type RunTls } from '../run-tls.js';
import { BrowserUserAgent } from '../user-agent/browser.js';
import type { ConsentDecision } from '../user-agent/browser-navigator.js';

export const USER_AGENT_KINDS = ['http', 'browser'] as const;
export type UserAgentKind = (typeof USER_AGENT_KINDS)[number];
export const CONSENT_DECISIONS: readonly ConsentDecision[] = ['approve', 'deny'];

/** What a whole run shares across its scenarios: the browser (started once) and the TLS CA. */
export interface RunEnvironment {
  browser?: BrowserUserAgent;
  tls?: RunTls;
  /** One line per thing set up, with what it cost. */
  notes: string[];
  close(): Promise<void>;
}

export async function prepareRunEnvironment(flags: { userAgent: UserAgentKind; tls?: boolean; consent: ConsentDecision }): Promise<RunEnvironment> {
  const notes: string[] = [];
  let tls: RunTls | undefined;
  let browser: BrowserUserAgent | undefined;
  const close = async () => {
    await browser?.close();
    await tls?.remove();
  };
  const unregister = onCleanup(close);
  try {
    if (flags.tls) {
      const started = performance.now();
      tls = await createRunTls();
      await trustInProcess(tls);
      notes.push(`TLS: CA ${tls.caFile} (${tls.cached ? 'from the cache' : 'generated'}), ready in ${Math.round(performance.now() - started)} ms`);
    }
    if (flags.userAgent === 'browser') {
      browser = await BrowserUserAgent.launch({ tls, consent: flags.consent });
      notes.push(`browser: ${browser.executablePath}, started in ${browser.launchMs} ms; consent: ${flags.consent}`);
    }
  } catch (error) {
    await close();
    unregister();
    throw error;
  }
  return {
    browser,
    tls,
    notes,
    close: async () => {
      await close();
      unregister();
    },
  };
}
