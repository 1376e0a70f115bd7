// The user agent delivers the authorization response to the client's redirect URI in milliseconds, where a person
// takes a moment on the consent page: a refused connection there is tried again for a while (CALLBACK_RETRY_MS), so a
// client whose listener comes up just after it opened the browser gets its callback, in one recorded exchange, and
// one whose listener never comes up still fails.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findChromium, INSTALL_HINT } from '../../harness/find-chromium.js';
import { CALLBACK_RETRY_MS, mayRetryCallback } from '../../harness/user-agent/service.js';
import { listenLoopback } from '../../mock-servers/listen.js';
import type { Exchange } from '../../scenarios/types.js';
import { removeDir, runCli, SCRIPTED_CLIENT, type CliRun } from '../helpers.js';

const late = (when: string) => `'${process.execPath}' '${SCRIPTED_CLIENT}' --listen-late ${when}`;

/** The callbacks the trace recorded, and what the user agent said of its visits. */
async function traced(run: CliRun): Promise<{ callbacks: Exchange[]; userAgent: string }> {
  const scenario = run.results?.scenarios[0] as { files?: { trace: string } } | undefined;
  assert.ok(scenario?.files, run.stdout + run.stderr);
  const trace = JSON.parse(await readFile(join(run.outDir, scenario.files.trace), 'utf8')) as { exchanges: Exchange[]; userAgent: unknown[] };
  return { callbacks: trace.exchanges.filter((ex) => ex.role === 'client-callback'), userAgent: JSON.stringify(trace.userAgent) };
}

const chromium = await findChromium();

for (const userAgent of ['http', 'browser']) {
  const skip = userAgent === 'browser' && !chromium ? `no Chromium on this machine: ${INSTALL_HINT}` : false;
  describe(`callback to a redirect URI not listening yet (--user-agent ${userAgent})`, { skip }, () => {
    it('is delivered once the listener is up, as one exchange', async () => {
      // The listener must come up after the user agent's first refusal and before it stops trying (CALLBACK_RETRY_MS
      // after the consent page). How long the user agent takes to reach the redirect URI depends on the machine's
      // load (a browser shows and approves the consent page first), so a run whose listener was up before the user
      // agent arrived proves nothing: it is run again with a later listener.
      const delays = userAgent === 'browser' ? [2500, 4500, 6500] : [700, 1500, 2500];
      const accounts: string[] = [];
      for (const delay of delays) {
        const run = await runCli(['--user-agent', userAgent, '--client', late(String(delay)), '-s', 'split-auth0'], { timeoutMs: 120_000 });
        try {
          assert.equal(run.results?.scenarios[0]?.status, 'pass', run.stdout + run.stderr);
          const { callbacks, userAgent: said } = await traced(run);
          assert.equal(callbacks.length, 1, JSON.stringify(callbacks));
          assert.equal(callbacks[0]?.status, 200);
          if (/\(200\), after the client's redirect URI refused the connection \d+ time\(s\)/.test(said)) return;
          accounts.push(`listener up after ${delay} ms: ${said}`);
        } finally {
          await removeDir(run.outDir);
        }
      }
      assert.fail(`the user agent never found the redirect URI refusing (it arrived after the listener every time):\n${accounts.join('\n')}`);
    });

    it('fails the flow when the listener never comes up', async () => {
      const run = await runCli(['--user-agent', userAgent, '--client', late('none'), '-s', 'split-auth0', '--timeout', '10000'], { timeoutMs: 120_000 });
      try {
        const [scenario] = run.results!.scenarios;
        assert.equal(scenario?.status, 'fail', run.stdout);
        assert.equal(scenario?.checks.find((c) => c.id === 'authorized-request')?.status, 'fail');
        // The retries themselves are shown above; on a loaded machine the run may end before the visit's account.
        const { callbacks } = await traced(run);
        assert.equal(callbacks.length, 1, JSON.stringify(callbacks));
        assert.equal(callbacks[0]?.status, 0);
        assert.match(callbacks[0]?.responseBody ?? '', /^\(no response: /);
      } finally {
        await removeDir(run.outDir);
      }
    });
  });
}

describe('a refused redirect URI whose port a mock server took over meanwhile', () => {
  it('is not tried again: what was meant for the client must not reach another scenario', async () => {
    const server = await listenLoopback('127.0.0.1');
    const callback = `http://127.0.0.1:${server.port}/callback?code=c&state=s`;
    const later = Date.now() + CALLBACK_RETRY_MS;
    try {
      assert.equal(mayRetryCallback(callback, later), false);
    } finally {
      await server.close();
    }
    assert.equal(mayRetryCallback(callback, later), true);
    assert.equal(mayRetryCallback(callback, Date.now() - 1), false);
  });
});
