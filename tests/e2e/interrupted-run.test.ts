// An interrupted run keeps what it has: the scenario in flight is written with the traffic and output it recorded
// (status interrupted, unjudged), the scenarios never started are listed as not run, and every output says so.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { namespaceSupport } from '../../harness/run/isolation.js';
import { BUILD_ROOT, removeDir } from '../helpers.js';
import { startHarness, waitFor } from '../process-probes.js';

const STALLING_CLIENT = join(BUILD_ROOT, 'tests', 'clients', 'stalling-client.js');
const ALTERNATING_CLIENT = join(BUILD_ROOT, 'tests', 'clients', 'alternating-client.js');
const SCENARIOS = ['split-auth0', 'path-suffixed', 'okta-path-issuer'];

const scratch: string[] = [];
after(async () => {
  for (const dir of scratch) await removeDir(dir);
});

interface InterruptedResults {
  partial: boolean;
  interruptedBy?: string;
  notRun?: string[];
  summary: Record<string, number>;
  scenarios: { id: string; status: string; reason?: string; checks: unknown[]; files?: { trace: string; stdout: string; stderr: string } }[];
}

async function interruptedRun(signal: 'SIGINT' | 'SIGTERM', extra: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'interrupted-run-'));
  scratch.push(dir);
  const command = [process.execPath, STALLING_CLIENT, dir].map((w) => `'${w}'`).join(' ');
  const report = join(dir, 'report');
  const junit = join(dir, 'junit.xml');
  const harness = await startHarness(
    ['--client', command, '--jobs', '1', '--timeout', '60000', '--report', report, '--junit', junit, ...extra, ...SCENARIOS.flatMap((s) => ['-s', s])],
    { GITHUB_ACTIONS: '' },
  );
  scratch.push(harness.outDir);
  try {
    await waitFor(() => existsSync(join(dir, 'split-auth0.ready')) || undefined, 'the first scenario to stall', 60_000);
    harness.child.kill(signal);
    const code = await harness.exited;
    const results = (await harness.results()) as InterruptedResults | undefined;
    assert.ok(results, `no results.json; output: ${harness.output()}`);
    return { code, results, output: harness.output(), outDir: harness.outDir, report, junit };
  } finally {
    harness.child.kill('SIGKILL');
  }
}

async function assertKeptWhatItHad(run: Awaited<ReturnType<typeof interruptedRun>>, signal: string): Promise<void> {
  const { results, output } = run;
  assert.equal(results.partial, true);
  assert.equal(results.interruptedBy, signal);
  assert.deepEqual(
    results.scenarios.map((s) => [s.id, s.status]),
    [['split-auth0', 'interrupted']],
    output,
  );
  assert.deepEqual(results.notRun, ['path-suffixed', 'okta-path-issuer']);
  assert.equal(results.summary.interrupted, 1);
  const [cut] = results.scenarios;
  assert.deepEqual(cut!.checks, [], 'an interrupted scenario is not judged');
  assert.match(cut!.reason ?? '', new RegExp(`interrupted by ${signal}`));
  // What the client sent before the signal, and what it printed.
  const trace = JSON.parse(await readFile(join(run.outDir, cut!.files!.trace), 'utf8')) as { exchanges: { method: string; url: string; status: number }[] };
  assert.ok(
    trace.exchanges.some((ex) => ex.method === 'POST' && ex.status === 401),
    JSON.stringify(trace.exchanges.map((ex) => `${ex.method} ${ex.url} ${ex.status}`)),
  );
  assert.ok(trace.exchanges.some((ex) => ex.url.includes('/.well-known/oauth-protected-resource')));
  assert.match(await readFile(join(run.outDir, cut!.files!.stdout), 'utf8'), /stalling after discovery/);
  assert.match(await readFile(join(run.outDir, cut!.files!.stderr), 'utf8'), /waiting for a browser/);
  // The terminal says so first.
  assert.match(output, /interrupted after 0 of 3 scenario\(s\) \(SIG(INT|TERM)\)/);
  assert.match(output, /not run: path-suffixed, okta-path-issuer/);
  // JUnit: the interrupted scenario and the ones not run are skipped, with the reason.
  const junit = await readFile(run.junit, 'utf8');
  assert.match(junit, /<skipped message="interrupted by SIG/);
  assert.match(junit, /<testcase classname="not-run" name="okta-path-issuer"/);
  // The report carries it (the page's rendering is tests/report-browser/interrupted.spec.ts).
  const page = await readFile(join(run.report, 'index.html'), 'utf8');
  const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(page)![1]!) as {
    sets: { partial: boolean; notRun?: string[] }[];
  };
  assert.equal(data.sets[0]!.partial, true);
  assert.deepEqual(data.sets[0]!.notRun, ['path-suffixed', 'okta-path-issuer']);
}

describe('interrupted runs', () => {
  it('SIGINT during a retry: the finished attempt keeps its verdict, the interrupted one is listed after it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'interrupted-retry-'));
    scratch.push(dir);
    const command = [process.execPath, ALTERNATING_CLIENT, join(dir, 'runs'), '--then-stall', dir].map((w) => `'${w}'`).join(' ');
    const harness = await startHarness(['--client', command, '--retries', '2', '-s', 'path-suffixed'], { GITHUB_ACTIONS: '' });
    scratch.push(harness.outDir);
    try {
      await waitFor(() => existsSync(join(dir, 'path-suffixed.ready')) || undefined, 'the second attempt to stall', 60_000);
      harness.child.kill('SIGINT');
      assert.equal(await harness.exited, 130, harness.output());
      const results = (await harness.results()) as (InterruptedResults & { scenarios: { attempts?: { status: string }[] }[] }) | undefined;
      const [scenario] = results?.scenarios ?? [];
      assert.ok(scenario, harness.output());
      assert.equal(scenario.status, 'fail');
      assert.deepEqual(
        scenario.attempts?.map((a) => a.status),
        ['fail', 'interrupted'],
      );
    } finally {
      harness.child.kill('SIGKILL');
    }
  });

  it('SIGINT: the in-flight scenario keeps its trace and output (interrupted), the rest are listed as not run; exit 130', async () => {
    const run = await interruptedRun('SIGINT', []);
    assert.equal(run.code, 130, run.output);
    await assertKeptWhatItHad(run, 'SIGINT');
  });

  it(
    'SIGTERM with --isolation namespace: the worker sends what its scenario recorded; exit 143',
    { skip: namespaceSupport().available ? false : `no network namespaces here: ${namespaceSupport().reason}` },
    async () => {
      const run = await interruptedRun('SIGTERM', ['--isolation', 'namespace']);
      assert.equal(run.code, 143, run.output);
      await assertKeptWhatItHad(run, 'SIGTERM');
    },
  );
});
