// Hostile traffic never crashes a mock server, the recorder or the user agent: the run finishes normally,
// the verdict blames the client, the trace is written and memory stays bounded.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FuzzReport } from '../clients/fuzz-client.js';
import { BUILD_ROOT, removeDir } from '../helpers.js';
import { peakRssOf, processesMentioning, startHarness } from '../process-probes.js';

const FUZZ_CLIENT = join(BUILD_ROOT, 'tests', 'clients', 'fuzz-client.js');
/** Generous: an idle harness with four topologies sits near 150 MiB; unbounded buffering of the fuzz traffic would pass 1 GiB. */
const RSS_CEILING = 600 * 1024 * 1024;

describe('hostile client', () => {
  it('malformed, oversized, slow, never-finished and concurrent traffic and redirect loops: the harness survives and blames the client', async () => {
    const reports = await mkdtemp(join(tmpdir(), 'fuzz-reports-'));
    const command = [process.execPath, FUZZ_CLIENT, '--report', reports].map((w) => `'${w}'`).join(' ');
    const core = ['split-auth0', 'path-suffixed', 'www-authenticate-only', 'okta-path-issuer'].flatMap((id) => ['--scenario', id]);
    const harness = await startHarness(['--client', command, '--timeout', '60000', '--spec-version', '2026-07-28', ...core]);
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, peakRssOf(harness.child.pid!) ?? 0)), 50);
    try {
      const code = await harness.exited;
      clearInterval(sampler);
      assert.equal(code, 1, harness.output());
      assert.doesNotMatch(harness.output(), /^error:/m);
      const results = await harness.results();
      assert.ok(results && results.scenarios.length >= 4, harness.output());
      for (const scenario of results.scenarios) {
        assert.equal(scenario.status, 'fail', `${scenario.id}: ${scenario.reason}`);
        const authorized = scenario.checks.find((c) => c.id === 'authorized-request');
        assert.equal(authorized?.status, 'fail');
        assert.match(authorized.message, /the client never made one/);

        const report = JSON.parse(await readFile(join(reports, `${scenario.id}.json`), 'utf8')) as FuzzReport;
        assert.deepEqual(report.errors, {}, `${scenario.id}: requests that got no answer`);
        assert.equal(report.stillServing, true, `${scenario.id}: a server stopped answering`);
        assert.ok(report.requests >= 400, `${scenario.id}: only ${report.requests} requests`);
        assert.deepEqual([...new Set(report.statuses.oversized)], [413], `${scenario.id}: oversized bodies answered ${report.statuses.oversized?.join(',')}`);
        assert.deepEqual([...new Set(report.statuses['huge-header'])], [431]);
        assert.ok(
          report.statuses.concurrent!.every((s) => s >= 200 && s < 500),
          `${scenario.id}: concurrent answers ${report.statuses.concurrent?.join(',')}`,
        );
        // Two loops (the authorization redirect and the loop URL itself), each given up after 10 hops.
        assert.ok(report.loopHits > 0 && report.loopHits <= 20, `${scenario.id}: the redirect loop was followed ${report.loopHits} times`);

        const trace = JSON.parse(await readFile(join(harness.outDir, `${scenario.id}@2026-07-28`, 'trace.json'), 'utf8')) as {
          exchanges: { status: number; requestBody: string }[];
          userAgent: { kind: string; url: string; detail: string }[];
        };
        assert.ok(trace.exchanges.some((e) => e.status === 413));
        assert.ok(Math.max(...trace.exchanges.map((e) => e.requestBody.length)) < 65 * 1024, `${scenario.id}: the trace keeps request bodies whole`);
        assert.equal(trace.userAgent.filter((e) => e.detail === 'gave up after 10 redirects').length, 2, JSON.stringify(trace.userAgent));
        assert.equal(trace.userAgent.filter((e) => e.kind === 'refused').length, 3, JSON.stringify(trace.userAgent));
      }
      assert.ok(peak > 0, 'no memory sample');
      process.stdout.write(`# harness peak RSS under fuzzing: ${Math.round(peak / 2 ** 20)} MiB\n`);
      assert.ok(peak < RSS_CEILING, `the harness peaked at ${Math.round(peak / 2 ** 20)} MiB`);
      assert.deepEqual(processesMentioning(FUZZ_CLIENT), []);
    } finally {
      clearInterval(sampler);
      harness.child.kill('SIGKILL');
      await removeDir(harness.outDir);
      await removeDir(reports);
    }
  });
});
