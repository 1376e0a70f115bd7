// The run's verdict policy, end to end through the CLI with a real client process: the revision a client is
// judged at is the one it negotiates, newer scenarios are previews outside the exit code, and interop/backcompat
// failures are warnings unless --strict.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { removeDir, runCli, SCRIPTED_CLIENT } from '../helpers.js';

const scripted = (...args: string[]) => ['node', SCRIPTED_CLIENT, ...args].join(' ');

interface ScenarioJson {
  id: string;
  status: string;
  suite: string;
  specVersion: string;
  protocolVersion: string | null;
  revisionNote?: string;
  preview?: boolean;
  checks: { id: string; status: string; level: string; advisory?: string }[];
}

async function scenarios(outDir: string): Promise<{ scenarios: ScenarioJson[]; summary: { preview: Record<string, number> } & Record<string, unknown> }> {
  return JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8')) as never;
}

describe('revision negotiation, end to end', () => {
  for (const version of ['2025-06-18', '2025-11-25', '2026-07-28']) {
    it(`a client that speaks ${version} is judged at ${version}; 2026-07-28-only scenarios are previews below it`, async () => {
      const run = await runCli(['--client', scripted('--protocol-version', version), '-s', 'split-auth0', '-s', 'iss-wrong', '--jobs', '2']);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const { scenarios: list, summary } = await scenarios(run.outDir);
      const split = list.find((s) => s.id === 'split-auth0');
      assert.equal(split?.specVersion, version);
      assert.equal(split?.protocolVersion, version);
      assert.equal(split?.status, 'pass');
      const iss = list.find((s) => s.id === 'iss-wrong');
      assert.equal(iss?.specVersion, '2026-07-28');
      assert.equal(iss?.preview ?? false, version !== '2026-07-28');
      assert.equal(summary.preview.total, version === '2026-07-28' ? 0 : 1);
      if (version !== '2026-07-28') assert.match(run.stdout, /ready for 2026-07-28\? 1 preview scenario/);
      assert.match(run.stdout, new RegExp(`the client sent protocol version ${version}; judged at ${version}`));
    });
  }

  it('a client that never initializes is judged at the newest revision, and the result says why', async () => {
    const run = await runCli(['--client', scripted('--protocol-version', 'none'), '-s', 'split-auth0']);
    const { scenarios: list } = await scenarios(run.outDir);
    assert.equal(list[0]?.protocolVersion, null);
    assert.equal(list[0]?.specVersion, '2026-07-28');
    assert.match(list[0]?.revisionNote ?? '', /never sent initialize/);
  });

  it('a failing preview does not fail the run; the same failure at the revision the client speaks does', async () => {
    const client = scripted('--protocol-version', '2025-11-25', '--fault', 'ignore-iss');
    const preview = await runCli(['--client', client, '-s', 'iss-wrong']);
    assert.equal(preview.code, 0, preview.stdout);
    const [iss] = (await scenarios(preview.outDir)).scenarios;
    assert.equal(iss?.preview, true);
    assert.equal(iss?.status, 'fail');
    assert.match(preview.stdout, /would fail: iss-wrong/);
    const junit = await runCli(['--client', client, '-s', 'iss-wrong', '--junit', join(preview.outDir, 'junit.xml')]);
    const xml = await readFile(join(preview.outDir, 'junit.xml'), 'utf8');
    assert.equal(junit.code, 0);
    assert.match(xml, /<skipped message="preview: judged at 2026-07-28, newer than the revision the client speaks \(2025-11-25\); not counted"\/>/);
    assert.doesNotMatch(xml, /<failure/);
    const forced = await runCli(['--client', client, '-s', 'iss-wrong', '--spec-version', '2026-07-28']);
    assert.equal(forced.code, 1, forced.stdout);
  });
});

describe('suites and --strict, end to end', () => {
  it('a client without the 2025-03-26 fallback is warned in backcompat, and fails only with --strict', async () => {
    const lenient = await runCli(['--client', scripted(), '-s', 'legacy-default-endpoints']);
    assert.equal(lenient.code, 0, lenient.stdout);
    const [legacy] = (await scenarios(lenient.outDir)).scenarios;
    assert.equal(legacy?.suite, 'backcompat');
    assert.equal(legacy?.status, 'warn');
    const flow = legacy?.checks.find((c) => c.id === 'authorized-request');
    assert.equal(flow?.level, 'MUST');
    assert.equal(flow?.status, 'warn');
    assert.match(flow?.advisory ?? '', /backcompat scenario/);
    assert.match(lenient.stdout, /warnings, not failures: backcompat scenario/);

    const strict = await runCli(['--client', scripted(), '-s', 'legacy-default-endpoints', '--strict']);
    assert.equal(strict.code, 1, strict.stdout);
    assert.equal((await scenarios(strict.outDir)).scenarios[0]?.status, 'fail');
  });

  it('--suite selects by suite, and a scenario outside the named suites is a usage error', async () => {
    const run = await runCli(['--suite', 'backcompat', '--jobs', '2']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const ids = (await scenarios(run.outDir)).scenarios.map((s) => s.id).sort();
    assert.deepEqual(ids, ['legacy-2025-03-26', 'legacy-default-endpoints']);
    const wrong = await runCli(['--suite', 'core', '-s', 'legacy-default-endpoints']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /scenario 'legacy-default-endpoints' is in suite backcompat, not in --suite core/);
    const unknown = await runCli(['--suite', 'nonsense']);
    assert.equal(unknown.code, 2);
  });
});

describe('scenarios not reached, end to end', () => {
  it('a client that stops before what a scenario tests is skipped as not reached, not passed', async () => {
    // With its token, this client ends: it never meets the 401 invalid_token invalid-token-loop is about.
    const run = await runCli(['--client', scripted('--fault', 'stop-after-token'), '-s', 'invalid-token-loop']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const [loop] = run.results!.scenarios;
    assert.equal(loop?.status, 'skip');
    assert.ok(loop?.checks.length && loop.checks.every((c) => c.status === 'skip'));
    assert.match(loop?.reason ?? '', /^not reached: every check skipped \(the MCP server never answered 401 invalid_token/);
    assert.match(run.stdout, /invalid-token-loop\s+skip/);
    assert.match(run.stdout, /0 passed, 0 failed, 0 warned, 1 skipped/);
    await removeDir(run.outDir);
  });

  it('where stopping is right, a client that read the metadata and stopped passes; one that sent nothing is skipped', async () => {
    const stopped = await runCli(['--client', scripted(), '-s', 'no-registration-endpoint']);
    assert.equal(stopped.results!.scenarios[0]?.status, 'pass', stopped.stdout);
    const silent = await runCli(['--client', `node -e "process.exit(3)"`, '-s', 'no-registration-endpoint']);
    const [scenario] = silent.results!.scenarios;
    assert.equal(scenario?.status, 'skip', silent.stdout);
    assert.match(
      scenario?.reason ?? '',
      /the client never read an authorization server's metadata, the point after which stopping is right; the client exited \(code 3\) without sending any request/,
    );
    await Promise.all([removeDir(stopped.outDir), removeDir(silent.outDir)]);
  });
});
