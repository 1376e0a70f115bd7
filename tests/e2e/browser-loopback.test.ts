import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findChromium, INSTALL_HINT } from '../../harness/find-chromium.js';
import { BUILD_ROOT, removeDir, runCli } from '../helpers.js';

// The browser user agent follows only loopback URLs, by name as refusalOf() defines it. Chromium itself
// treats `*.localhost` as loopback (it resolves such names to 127.0.0.1 and sends them past any proxy), so a
// request to one that escapes the browser's rule reaches the test client's own server, which counts it.

const chromium = await findChromium();
const skip = chromium ? false : `no Chromium on this machine: ${INSTALL_HINT}`;
if (skip) process.stderr.write(`browser loopback test skipped: ${skip}\n`);

const LEAKY_CLIENT = join(BUILD_ROOT, 'tests', 'clients', 'leaky-page-client.js');

describe('browser user agent on loopback names only', { skip }, () => {
  it('blocks images, scripts, fetches and redirect hops to *.localhost names', async () => {
    const run = await runCli(['--user-agent', 'browser', '--client', `'${process.execPath}' '${LEAKY_CLIENT}'`, '--scenario', 'split-auth0'], {
      timeoutMs: 120_000,
    });
    try {
      const scenario = run.results?.scenarios[0] as { files?: { stdout: string; trace: string } } | undefined;
      assert.ok(scenario?.files, run.stdout + run.stderr);
      const report = JSON.parse((await readFile(join(run.outDir, scenario.files.stdout), 'utf8')).trim()) as {
        pageLoads: number;
        redirects: number;
        escaped: string[];
      };
      // The page and the redirect were loaded (so the browser ran them), and not one request reached another host name.
      assert.equal(report.pageLoads, 1, JSON.stringify(report));
      assert.equal(report.redirects, 1, JSON.stringify(report));
      assert.deepEqual(report.escaped, []);
      const trace = JSON.parse(await readFile(join(run.outDir, scenario.files.trace), 'utf8')) as { exchanges: { url: string }[] };
      assert.ok(!trace.exchanges.some((ex) => ex.url.includes('leak.localhost')), JSON.stringify(trace.exchanges.map((e) => e.url)));
    } finally {
      await removeDir(run.outDir);
    }
  });
});
