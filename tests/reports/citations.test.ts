// Every writer cites a requirement at the revision the scenario was judged at: the section and link of that
// revision's text, never the newest revision's.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { removeDir, runCli, scriptedClient, type CliRun } from '../helpers.js';

describe('citations at the judged revision', () => {
  let dir: string;
  let run: CliRun;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citations-'));
    // No PKCE: pkce-s256 (PKCE-1) and authorized-request fail, judged at 2025-06-18.
    run = await runCli(
      [
        '--client',
        scriptedClient('no-pkce'),
        '-s',
        'split-auth0',
        '--spec-version',
        '2025-06-18',
        '--report',
        join(dir, 'report'),
        '--junit',
        join(dir, 'junit.xml'),
      ],
      { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(dir, 'summary.md') } },
    );
  });
  after(async () => {
    await removeDir(dir);
    await removeDir(run.outDir);
  });

  it('results.json: every check of the scenario cites 2025-06-18 sources and pages', () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const scenario = run.results!.scenarios[0]!;
    assert.equal(scenario.specVersion, '2025-06-18');
    const pkce = scenario.checks.find((c) => c.id === 'pkce-s256')!;
    assert.equal(pkce.status, 'fail');
    const cited = pkce.requirement;
    assert.equal(cited.source, 'MCP 2025-06-18 Authorization › Authorization Code Protection');
    assert.match(cited.url, /\/specification\/2025-06-18\/basic\/authorization#authorization-code-protection$/);
    for (const check of scenario.checks) {
      const { source, url } = check.requirement;
      assert.doesNotMatch(`${source} ${url}`, /2025-11-25|2026-07-28/, `${check.id} cites another revision: ${source} ${url}`);
    }
  });

  it('JUnit, the GitHub annotations and job summary, and the HTML report cite the 2025-06-18 pages', async () => {
    for (const [writer, text] of [
      ['JUnit', await readFile(join(dir, 'junit.xml'), 'utf8')],
      ['job summary', await readFile(join(dir, 'summary.md'), 'utf8')],
      [
        'annotations',
        run.stdout
          .split('\n')
          .filter((l) => l.startsWith('::error'))
          .join('\n'),
      ],
    ] as const) {
      assert.match(text, /specification\/2025-06-18\/basic\/authorization#authorization-code-protection/, writer);
      assert.doesNotMatch(text, /specification\/(2025-11-25|2026-07-28)/, writer);
    }
    const html = await readFile(join(dir, 'report', 'index.html'), 'utf8');
    assert.ok(html.includes('MCP 2025-06-18 Authorization › Authorization Code Protection'), 'the report does not cite the 2025-06-18 section');
    assert.doesNotMatch(html, /MCP (2025-11-25|2026-07-28) Authorization/);
  });
});
