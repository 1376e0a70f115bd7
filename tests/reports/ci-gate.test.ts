import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { removeDir, runCli, scriptedClient, type CliRun } from '../helpers.js';

// JUnit, baseline, shards, merge and GitHub Actions output, through the real CLI with real clients.

const FOUNDING_BUG = scriptedClient('asm-from-mcp-url');
const work = await mkdtemp(join(tmpdir(), 'ci-gate-test-'));
const cleanup: string[] = [work];
after(async () => {
  for (const dir of cleanup) await removeDir(dir);
});

async function cli(args: string[], env?: NodeJS.ProcessEnv): Promise<CliRun> {
  const run = await runCli(args, env ? { env } : {});
  cleanup.push(run.outDir);
  return run;
}

function testcase(xml: string, suite: string, name: string): string {
  const suiteXml = xml.split('<testsuite ').find((s) => s.startsWith(`name="${suite}`));
  assert.ok(suiteXml, `no testsuite ${suite} in\n${xml}`);
  const match = new RegExp(`<testcase classname="[^"]*" name="${name}"[^>]*?(/>|>[\\s\\S]*?</testcase>)`).exec(suiteXml);
  assert.ok(match, `no testcase ${name} in ${suite}`);
  return match[0];
}

describe('--junit', () => {
  it('writes one test case per scenario and check: fail as failure, skip as skipped, warn as passed with output', async () => {
    const file = join(work, 'junit', 'results.xml');
    const run = await cli(['--client', FOUNDING_BUG, '--scenario', 'split-auth0', '--junit', file]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const xml = await readFile(file, 'utf8');
    const scenario = run.results!.scenarios[0]!;
    const suite = `split-auth0@2026-07-28`;
    assert.equal((xml.match(/<testcase /g) ?? []).length, scenario.checks.length);
    const failures = scenario.checks.filter((c) => c.status === 'fail');
    assert.ok(failures.length >= 1);
    assert.match(xml, new RegExp(`<testsuites [^>]*failures="${failures.length}"`));

    const wrong = testcase(xml, suite, 'asm-from-authorization-server');
    assert.match(
      wrong,
      /<failure message="expected GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-authorization-server .*the client sent GET http:\/\/localhost:\d+\/example-server\/\.well-known\/oauth-authorization-server to the MCP server \(answered 401\)" type="MUST">/,
    );
    assert.match(wrong, /requirement PRM-1: https:\/\/modelcontextprotocol\.io\//);
    assert.match(testcase(xml, suite, 'pkce-s256'), /<skipped message="no authorization request was made"\/>/);
    const warned = testcase(xml, suite, 'registration-dcr');
    assert.doesNotMatch(warned, /<failure|<skipped/);
    // A consequence's message is preceded by the scenario's cause (the first deviation), then says it is one.
    assert.match(
      warned,
      /<system-out>WARNING \(SHOULD not met\): cause: asm-from-authorization-server \(MUST\): expected GET [^<]*\na consequence: expected POST/,
    );
    assert.match(testcase(xml, suite, 'prm-uses-header-url'), /^<testcase [^>]*\/>$/);
  });
});

describe('--baseline', () => {
  it('--update-baseline writes the failures; the same failures then pass the gate (exit 0)', async () => {
    const file = join(work, 'updated.yml');
    const update = await cli(['--client', FOUNDING_BUG, '--scenario', 'split-auth0', '--baseline', file, '--update-baseline']);
    assert.equal(update.code, 0, update.stdout + update.stderr);
    const yaml = await readFile(file, 'utf8');
    // The revision the failure was judged at is recorded: accepted there, not at every revision.
    assert.match(
      yaml,
      /- scenario: split-auth0\n {4}check: asm-from-authorization-server\n {4}spec-version: 2026-07-28\n {4}reason: "TODO: say why this failure is expected"/,
    );
    assert.match(yaml, /check: authorized-request/);
    assert.doesNotMatch(yaml, /registration-dcr/, 'a SHOULD warning does not fail the run and needs no entry');

    const gated = await cli(['--client', FOUNDING_BUG, '--scenario', 'split-auth0', '--baseline', file]);
    assert.equal(gated.code, 0, gated.stdout);
    assert.match(gated.stdout, /baseline .*: 2 expected failure\(s\), 0 unexpected, 0 stale/);
  });

  it('a failure the baseline does not list fails the run (exit 1) and is named', async () => {
    const file = join(work, 'partial.yml');
    await writeFile(
      file,
      'expected-failures:\n  - scenario: split-auth0\n    check: asm-from-authorization-server\n    reason: SDK bug\n    link: https://example.invalid/issues/1\n',
    );
    const run = await cli(['--client', FOUNDING_BUG, '--scenario', 'split-auth0', '--baseline', file]);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /1 expected failure\(s\), 1 unexpected, 0 stale/);
    assert.match(run.stdout, /unexpected failure \(not in the baseline\): split-auth0@2026-07-28 authorized-request/);
    assert.match(run.stdout, /expected failure \(baseline line 2\): split-auth0 asm-from-authorization-server — SDK bug/);
  });

  it('a scenario-level entry accepts every failing check of that scenario', async () => {
    const file = join(work, 'scenario.yml');
    await writeFile(file, 'expected-failures:\n  - scenario: split-auth0\n    reason: discovery below the MCP URL\n');
    const run = await cli(['--client', FOUNDING_BUG, '--scenario', 'split-auth0', '--baseline', file]);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /2 expected failure\(s\), 0 unexpected, 0 stale/);
  });

  it('a listed failure that now passes is a stale baseline (exit 1) naming the exact lines to delete', async () => {
    const file = join(work, 'stale.yml');
    await writeFile(
      file,
      '# known failures\nexpected-failures:\n  - scenario: split-auth0\n    check: pkce-s256\n    reason: fixed upstream since\n  - scenario: path-suffixed\n    reason: whole scenario\n',
    );
    const run = await cli(['--client', scriptedClient(), '--scenario', 'split-auth0', '--scenario', 'path-suffixed', '--baseline', file]);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /0 expected failure\(s\), 0 unexpected, 2 stale/);
    assert.match(
      run.stdout,
      new RegExp(
        `stale baseline: remove it — ${file}:3-5 \\(split-auth0 / pkce-s256\\): check pkce-s256 now passes in split-auth0@2026-07-28; delete lines 3-5 from ${file}`,
      ),
    );
    assert.match(
      run.stdout,
      new RegExp(`stale baseline: remove it — ${file}:6-7 \\(path-suffixed\\): scenario path-suffixed@2026-07-28 now passes; delete lines 6-7`),
    );
    const lines = (await readFile(file, 'utf8')).split('\n');
    assert.equal(lines[2], '  - scenario: split-auth0');
    assert.equal(lines[4], '    reason: fixed upstream since');
  });

  it('--update-baseline drops stale entries and keeps reasons of entries still failing', async () => {
    const file = join(work, 'refresh.yml');
    await writeFile(
      file,
      'expected-failures:\n  - scenario: split-auth0\n    check: asm-from-authorization-server\n    reason: kept reason\n    link: https://example.invalid/2\n  - scenario: split-auth0\n    check: pkce-s256\n    reason: gone\n',
    );
    const run = await cli(['--client', FOUNDING_BUG, '--scenario', 'split-auth0', '--baseline', file, '--update-baseline']);
    assert.equal(run.code, 0, run.stdout);
    const yaml = await readFile(file, 'utf8');
    assert.match(yaml, /check: asm-from-authorization-server\n {4}reason: kept reason\n {4}link: https:\/\/example.invalid\/2/);
    assert.doesNotMatch(yaml, /pkce-s256/);
    assert.match(yaml, /check: authorized-request/);
  });

  it("accepts the official suite's format (client: [scenario, ...]), stale entries included", async () => {
    const file = join(work, 'official.yml');
    await writeFile(file, 'client:\n  - split-auth0\nserver: []\n');
    const failing = await cli(['--client', FOUNDING_BUG, '--scenario', 'split-auth0', '--baseline', file]);
    assert.equal(failing.code, 0, failing.stdout);
    const passing = await cli(['--client', scriptedClient(), '--scenario', 'split-auth0', '--baseline', file]);
    assert.equal(passing.code, 1, passing.stdout);
    assert.match(passing.stdout, new RegExp(`stale baseline: remove it — ${file}:2 \\(split-auth0\\)`));
  });

  it('an unreadable baseline is a usage error (exit 2) before anything runs', async () => {
    const file = join(work, 'broken.yml');
    await writeFile(file, 'expected-failures:\n  - check: pkce-s256\n');
    const run = await cli(['--scenario', 'split-auth0', '--baseline', file]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /broken\.yml:2: an expected failure needs a scenario/);
    assert.equal(run.results, undefined);
    const missing = await cli(['--scenario', 'split-auth0', '--baseline', join(work, 'missing.yml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read baseline .*missing\.yml; create it with --update-baseline/);
  });

  it('a baseline entry naming an unknown scenario or check is a usage error, with its line', async () => {
    const file = join(work, 'typo.yml');
    await writeFile(
      file,
      'expected-failures:\n  - scenario: split-auth0\n    check: asm-from-authorization-server\n  - scenario: split-auht0\n    reason: typo\n',
    );
    const run = await cli(['--scenario', 'split-auth0', '--baseline', file]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /typo\.yml:4: unknown scenario 'split-auht0' \(did you mean 'split-auth0'\?\); run 'mcp-oauth-conformance list'/);
    await writeFile(file, 'expected-failures:\n  - scenario: split-auth0\n    check: asm-from-authorisation-server\n');
    const badCheck = await cli(['--scenario', 'split-auth0', '--baseline', file]);
    assert.equal(badCheck.code, 2);
    assert.match(badCheck.stderr, /typo\.yml:2: unknown check 'asm-from-authorisation-server' \(did you mean 'asm-from-authorization-server'\?\)/);
  });
});

describe('--shard and merge', () => {
  it('shards split the selection disjointly and merge restores one results set, report included', async () => {
    // The core suite is selection enough for sharding; the whole catalogue would only make the test slower.
    const full = await cli(['--client', FOUNDING_BUG, '--suite', 'core']);
    const ids = full.results!.scenarios.map((s) => s.id);
    assert.ok(ids.length >= 4);
    const shards = await Promise.all([1, 2, 3].map((i) => cli(['--client', FOUNDING_BUG, '--suite', 'core', '--shard', `${i}/3`, '--jobs', '1'])));
    const parts = shards.map((s) => s.results!.scenarios.map((x) => x.id));
    assert.deepEqual(parts.flat().sort(), [...ids].sort(), 'every scenario in exactly one shard');
    assert.deepEqual(
      parts[0],
      ids.filter((_, k) => k % 3 === 0),
      'round-robin over the catalogue order',
    );
    const again = await cli(['--client', FOUNDING_BUG, '--suite', 'core', '--shard', '2/3']);
    assert.deepEqual(
      again.results!.scenarios.map((x) => x.id),
      parts[1],
      'deterministic',
    );

    const merged = await cli(['merge', ...shards.map((s) => s.outDir).reverse()]);
    assert.equal(merged.code, 1, merged.stdout + merged.stderr);
    assert.deepEqual(
      merged.results!.scenarios.map((s) => s.id),
      ids,
      'catalogue order, whatever the order of the folders',
    );
    assert.equal(merged.results!.summary.total, ids.length);
    assert.equal(merged.results!.summary.fail, full.results!.summary.fail);
    const files = await readdir(merged.outDir);
    for (const id of ids) assert.ok(files.includes(`${id}@2026-07-28`), `${id} folder copied`);
    const trace = JSON.parse(await readFile(join(merged.outDir, 'split-auth0@2026-07-28', 'trace.json'), 'utf8')) as { exchanges: unknown[] };
    assert.ok(trace.exchanges.length > 0);
    const html = await readFile(join(merged.outDir, 'index.html'), 'utf8');
    assert.match(html, /<script type="application\/json" id="report-data">/);
  });

  it('merge refuses overlapping shards and results of different clients (exit 2)', async () => {
    const a = await cli(['--client', FOUNDING_BUG, '--scenario', 'split-auth0']);
    const b = await cli(['--client', FOUNDING_BUG, '--scenario', 'split-auth0']);
    const overlap = await cli(['merge', a.outDir, b.outDir]);
    assert.equal(overlap.code, 2);
    assert.match(overlap.stderr, /scenario split-auth0@2026-07-28 is in both .* shards must not overlap/);
    const other = await cli(['--scenario', 'path-suffixed']);
    const mixed = await cli(['merge', a.outDir, other.outDir]);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /merge combines shards of one run/);
  });

  it('--shard outside 1..n is a usage error', async () => {
    const run = await cli(['--shard', '4/3']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /expected i\/n with 1 <= i <= n/);
  });
});

describe('GitHub Actions', () => {
  it('prints annotations and appends a Markdown job summary when GITHUB_ACTIONS=true', async () => {
    const summary = join(work, 'step-summary.md');
    await writeFile(summary, '# earlier step\n');
    const run = await cli(['--client', FOUNDING_BUG, '--scenario', 'split-auth0'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /^::error title=split-auth0@2026-07-28 asm-from-authorization-server \(MUST PRM-1\)::expected GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-authorization-server .*%0Ahttps:\/\/modelcontextprotocol\.io/m,
    );
    assert.match(
      run.stdout,
      /^::warning title=split-auth0@2026-07-28 registration-dcr \(SHOULD REG-4\)::cause: asm-from-authorization-server \(MUST\): expected GET .*%0Aa consequence: expected POST/m,
    );
    const markdown = await readFile(summary, 'utf8');
    assert.ok(markdown.startsWith('# earlier step\n'), 'appended, not overwritten');
    assert.match(
      markdown,
      /\| `split-auth0@2026-07-28` \| ❌ fail \| ❌ `asm-from-authorization-server` \[PRM-1\]\(https:\/\/modelcontextprotocol\.io\/[^)]+\): expected GET/,
    );
  });

  it('prints nothing of the kind outside GitHub Actions', async () => {
    const run = await cli(['--client', FOUNDING_BUG, '--scenario', 'split-auth0'], { GITHUB_ACTIONS: '' });
    assert.doesNotMatch(run.stdout, /^::/m);
  });
});

describe('report command', () => {
  it('renders several results folders into one page', async () => {
    const a = await cli(['--client', FOUNDING_BUG, '--scenario', 'split-auth0']);
    const b = await cli(['--scenario', 'split-auth0', '--spec-version', '2025-06-18']);
    // runCli appends --out with a fresh folder: the page lands there.
    const rendered = await runCli(['report', a.outDir, b.outDir]);
    cleanup.push(rendered.outDir);
    assert.equal(rendered.code, 0, rendered.stderr);
    const html = await readFile(join(rendered.outDir, 'index.html'), 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!) as { sets: { label: string }[] };
    assert.deepEqual(
      data.sets.map((s) => s.label.split(' · ')[1]),
      ['2026-07-28', '2025-06-18'],
    );
    const missing = await runCli(['report', join(work, 'nothing-here')]);
    cleanup.push(missing.outDir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /holds no results\.json; pass a folder written by --out/);
  });
});
