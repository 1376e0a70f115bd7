// --retries: a scenario that did not pass runs again; attempts that disagree make it flaky, every attempt kept.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BUILD_ROOT, removeDir, runCli, scriptedClient, type ResultsJson } from '../helpers.js';

const ALTERNATING_CLIENT = join(BUILD_ROOT, 'tests', 'clients', 'alternating-client.js');

const scratch: string[] = [];
after(async () => {
  for (const dir of scratch) await removeDir(dir);
});

interface Attempt {
  attempt: number;
  status: string;
  checks: { id: string; status: string }[];
  files: { trace: string };
}

/** A client that fails resource-parameter on its first run, passes on its second, and so on. */
async function alternatingClient(): Promise<{ command: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'alternating-client-'));
  scratch.push(dir);
  return { command: [process.execPath, ALTERNATING_CLIENT, join(dir, 'runs')].map((w) => `'${w}'`).join(' '), dir };
}

async function retried(client: string, extra: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'retries-'));
  scratch.push(dir);
  const junit = join(dir, 'junit.xml');
  const run = await runCli(['--client', client, '-s', 'path-suffixed', '--retries', '2', '--junit', junit, ...extra], { env: { GITHUB_ACTIONS: '' } });
  scratch.push(run.outDir);
  const scenario: (ResultsJson['scenarios'][number] & { attempt?: number; attempts?: Attempt[] }) | undefined = run.results?.scenarios[0];
  assert.ok(scenario, run.stdout + run.stderr);
  return { run, scenario, junit: await readFile(junit, 'utf8') };
}

describe('--retries', () => {
  it('a check that fails on every other run: flaky, both attempts and their traces kept; the run passes', async () => {
    const client = await alternatingClient();
    const { run, scenario, junit } = await retried(client.command, []);
    assert.equal(scenario.status, 'flaky', run.stdout);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.results!.summary.flaky, 1);
    assert.deepEqual(
      scenario.attempts!.map((a) => [a.attempt, a.status]),
      [
        [1, 'fail'],
        [2, 'pass'],
      ],
    );
    assert.equal(scenario.attempt, 1);
    assert.deepEqual(
      scenario.attempts![0]!.checks.map((c) => [c.id, c.status]),
      [['resource-parameter', 'fail']],
    );
    assert.equal(scenario.checks.find((c) => c.id === 'resource-parameter')?.status, 'fail', 'the shown checks are the failed attempt');
    assert.equal(await readFile(join(client.dir, 'runs'), 'utf8'), '2', 'the client ran twice: no retry after the pass');
    for (const attempt of scenario.attempts!) {
      const trace = JSON.parse(await readFile(join(run.outDir, attempt.files.trace), 'utf8')) as { exchanges: unknown[] };
      assert.ok(trace.exchanges.length > 0, `attempt ${attempt.attempt} has no trace`);
    }
    assert.ok(existsSync(join(run.outDir, 'path-suffixed@2026-07-28', 'attempt-2', 'stdout.txt')));
    assert.match(run.stdout, /~ path-suffixed\s+flaky/);
    assert.match(run.stdout, /flaky: attempt 1 fail, attempt 2 pass; attempt 1 is shown/);
    assert.match(junit, /FLAKY \(failed in attempt 1, passed in a later one\)/);
    assert.doesNotMatch(junit, /<failure/);
  });

  it('--fail-on-flaky: the same flaky scenario fails the run (exit 1), and JUnit agrees; its failed attempt is a bug report', async () => {
    const client = await alternatingClient();
    const bugs = await mkdtemp(join(tmpdir(), 'retries-bugs-'));
    scratch.push(bugs);
    const { run, scenario, junit } = await retried(client.command, ['--fail-on-flaky', '--bug-report', bugs]);
    assert.equal(scenario.status, 'flaky', run.stdout);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(junit, /<failure message="flaky \(--fail-on-flaky\): attempt 1 fail, attempt 2 pass" type="flaky"\/>/);
    // A race in the client is a bug all the same: the report is of the attempt that failed.
    const report = await readFile(join(bugs, 'path-suffixed@2026-07-28.md'), 'utf8');
    assert.match(report, /^# .* fails a MUST: The resource parameter names the MCP server/m);
  });

  it('a check that fails every time: retried twice, still fail, every attempt listed; exit 1', async () => {
    const { run, scenario } = await retried(scriptedClient('no-resource'), []);
    assert.equal(scenario.status, 'fail', run.stdout);
    assert.equal(run.code, 1);
    assert.deepEqual(
      scenario.attempts!.map((a) => a.status),
      ['fail', 'fail', 'fail'],
    );
  });
});
