// Known upstream reports: which failures a reported client bug explains, and how the terminal and results.json say so.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import semver from 'semver';
import { REAL_CLIENTS } from '../../harness/clients/index.js';
import { writeResults } from '../../reports/results-folder.js';
import type { RunResults, ScenarioResult } from '../../reports/results.js';
import { scenarioLines } from '../../reports/terminal.js';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { KNOWN_BUGS, knownBug, withKnownBugs } from '../../scenarios/known-bugs.js';
import { requirement } from '../../scenarios/requirements.js';
import type { Verdict } from '../../scenarios/types.js';

const FOUNDING = 'https://github.com/anomalyco/opencode/issues/7228';
const STATE = 'https://github.com/anomalyco/opencode/issues/9510';

const verdict = (id: string, status: Verdict['status']): Verdict => ({
  id,
  title: id,
  level: 'MUST',
  status,
  message: `${id} message`,
  requirements: [requirement('FLOW-1')],
  evidence: [],
});

describe('known client bugs: the matcher', () => {
  it('matches a release inside the range, for the scenario and check the bug fails', () => {
    assert.equal(knownBug('opencode', '1.0.185', 'split-auth0', 'asm-from-authorization-server')?.url, FOUNDING);
    assert.equal(knownBug('opencode', '1.0.152', 'www-authenticate-only', 'asm-from-authorization-server')?.fixedIn, '1.1.11');
    assert.equal(knownBug('sdk', '1.15.1', 'split-auth0', 'asm-from-authorization-server')?.fixedIn, '1.16.0');
    assert.equal(knownBug('opencode', '1.1.27', 'split-auth0', 'authorized-request')?.url, STATE);
  });

  it('does not match the fixed release, a release before a regression, or a version that is not one', () => {
    assert.equal(knownBug('opencode', '1.1.11', 'split-auth0', 'asm-from-authorization-server'), undefined);
    assert.equal(knownBug('opencode', '1.1.16', 'split-auth0', 'authorized-request'), undefined);
    assert.equal(knownBug('opencode', '1.1.31', 'split-auth0', 'authorized-request'), undefined);
    assert.equal(knownBug('sdk', '1.15.0', 'split-auth0', 'asm-from-authorization-server'), undefined);
    // opencode 1.0.98 has no `mcp auth`: its failure is not the bug's, and the range starts where the bug was seen.
    assert.equal(knownBug('opencode', '1.0.98', 'split-auth0', 'asm-from-authorization-server'), undefined);
    assert.equal(knownBug('opencode', 'newest', 'split-auth0', 'authorized-request'), undefined);
  });

  it('does not match another check, scenario or client', () => {
    assert.equal(knownBug('opencode', '1.0.185', 'split-auth0', 'pkce-s256'), undefined);
    assert.equal(knownBug('opencode', '1.0.185', 'cimd', 'asm-from-authorization-server'), undefined);
    assert.equal(knownBug('codex', '1.0.185', 'split-auth0', 'asm-from-authorization-server'), undefined);
  });

  it('every entry names a built-in client, a scenario judging its checks, a range the fixed release is outside of', () => {
    const clients = REAL_CLIENTS.map((c) => c.name);
    for (const bug of KNOWN_BUGS) {
      const where = `${bug.client} ${bug.versions} ${bug.url}`;
      assert.ok(clients.includes(bug.client), `${where}: unknown client`);
      assert.ok(semver.validRange(bug.versions), `${where}: not a semver range`);
      assert.match(bug.url, /^https:\/\/github\.com\/[^/]+\/[^/]+\/(issues|pull)\/\d+$/, where);
      assert.ok(bug.scenarios.length > 0 && bug.checks.length > 0, where);
      for (const id of bug.scenarios) {
        const scenario = SCENARIOS.find((s) => s.id === id);
        assert.ok(scenario, `${where}: no scenario ${id}`);
        for (const check of bug.checks) assert.ok(scenario.checks.includes(check), `${where}: ${id} does not judge ${check}`);
      }
      if (bug.fixedIn) {
        assert.ok(semver.valid(bug.fixedIn), `${where}: fixedIn ${bug.fixedIn}`);
        assert.ok(!semver.satisfies(bug.fixedIn, bug.versions), `${where}: the fixed release is inside the range`);
      }
    }
  });
});

describe('known client bugs: a matching failure says so', () => {
  const checks = [verdict('asm-from-authorization-server', 'fail'), verdict('authorized-request', 'fail'), verdict('pkce-s256', 'pass')];

  it('marks only the failed checks a known bug explains, for a client label with a version', () => {
    const marked = withKnownBugs('opencode@1.0.185', 'split-auth0', checks);
    assert.deepEqual(marked[0]?.known, { url: FOUNDING, title: KNOWN_BUGS[0]?.title, fixedIn: '1.1.11' });
    assert.equal(marked[1]?.known, undefined);
    assert.equal(marked[2]?.known, undefined);
    assert.equal(withKnownBugs('opencode@1.0.185', 'split-auth0', [verdict('asm-from-authorization-server', 'pass')])[0]?.known, undefined);
    // A --client-path binary or a command: no version, nothing to match.
    assert.equal(withKnownBugs('opencode (/usr/bin/opencode)', 'split-auth0', checks)[0]?.known, undefined);
  });

  it('prints "known: <url>, fixed in V" on the failed check\'s line and writes it to a schema-valid results.json', async () => {
    const result: ScenarioResult = {
      id: 'split-auth0',
      description: 'd',
      suite: 'core',
      specVersion: '2025-06-18',
      protocolVersion: '2025-06-18',
      status: 'fail',
      durationMs: 10,
      checks: withKnownBugs('opencode@1.0.185', 'split-auth0', checks),
      trace: { exchanges: [] },
      userAgent: [],
    };
    const line = scenarioLines(result)
      .split('\n')
      .find((l) => l.includes('asm-from-authorization-server'));
    assert.match(line ?? '', /asm-from-authorization-server message.*known: https:\/\/github\.com\/anomalyco\/opencode\/issues\/7228, fixed in 1\.1\.11/);
    assert.doesNotMatch(
      scenarioLines(result)
        .split('\n')
        .find((l) => l.includes('authorized-request')) ?? '',
      /known:/,
    );

    const dir = await mkdtemp(join(tmpdir(), 'known-bugs-'));
    try {
      const run: RunResults = {
        tool: { name: 'mcp-oauth-conformance', version: '0' },
        client: { name: 'opencode@1.0.185', description: '' },
        specVersion: 'auto',
        startedAt: new Date(0).toISOString(),
        durationMs: 10,
        partial: false,
        scenarios: [result],
      };
      await writeResults(dir, run); // validates against reports/results.schema.json
      const written = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as { scenarios: { checks: { id: string; known?: unknown }[] }[] };
      const check = written.scenarios[0]?.checks.find((c) => c.id === 'asm-from-authorization-server');
      assert.deepEqual(check?.known, { url: FOUNDING, title: KNOWN_BUGS[0]?.title, fixedIn: '1.1.11' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
