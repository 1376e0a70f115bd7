import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyBaseline, parseBaseline } from '../../reports/baseline.js';
import { advisoryOf, disposition, outcome } from '../../reports/disposition.js';
import { annotations, jobSummary } from '../../reports/github.js';
import { junitXml } from '../../reports/junit.js';
import { summarize } from '../../reports/results.js';
import type { CheckDocument, ResultsDocument, ScenarioDocument } from '../../reports/results-document.js';

// One scenario judged at two revisions, the same check failing at both, and a baseline that accepts it at one of them:
// every writer must agree on which failure is accepted. The job summary used to match the baseline without the
// revision and marked both "(baseline)"; JUnit marked a stale entry of one revision at every revision.

const REQUIREMENT = { id: 'PRM-1', level: 'MUST', summary: 'discover', source: 'MCP', url: 'https://modelcontextprotocol.io/x', since: '2025-06-18' } as const;

function check(id: string, status: CheckDocument['status']): CheckDocument {
  return { id, title: id, status, level: 'MUST', message: `${id} ${status}`, requirement: REQUIREMENT, requirements: ['PRM-1'], evidence: [] };
}

function scenario(specVersion: ScenarioDocument['specVersion']): ScenarioDocument {
  return {
    id: 'split-auth0',
    description: 'split',
    suite: 'core',
    specVersion,
    protocolVersion: specVersion,
    status: 'fail',
    durationMs: 1,
    checks: [check('asm-from-authorization-server', 'fail'), check('pkce-s256', 'pass')],
  };
}

const scenarios = [scenario('2025-06-18'), scenario('2026-07-28')];
const document: ResultsDocument = {
  tool: { name: 'mcp-oauth-conformance', version: '0.0.0' },
  client: { name: 'some-client', description: 'a client' },
  specVersion: 'auto',
  startedAt: new Date(0).toISOString(),
  durationMs: 2,
  partial: false,
  summary: summarize(scenarios),
  scenarios,
};

const baseline = parseBaseline(
  [
    'expected-failures:',
    '  - scenario: split-auth0',
    '    check: asm-from-authorization-server',
    '    spec-version: 2026-07-28',
    '    reason: known at the newest revision',
    '  - scenario: split-auth0',
    '    check: pkce-s256',
    '    spec-version: 2026-07-28',
    '    reason: fixed since',
    '',
  ].join('\n'),
  'baseline.yml',
);
const gate = applyBaseline(document, baseline);

describe('disposition: a baseline entry of one revision', () => {
  it('accepts the failure at that revision only, and is stale only there', () => {
    const [older, newer] = scenarios as [ScenarioDocument, ScenarioDocument];
    assert.equal(disposition(older, older.checks[0]!, gate).kind, 'failure');
    assert.equal(disposition(newer, newer.checks[0]!, gate).kind, 'accepted');
    assert.equal(disposition(older, older.checks[1]!, gate).kind, 'pass');
    assert.equal(disposition(newer, newer.checks[1]!, gate).kind, 'stale');
  });

  it('the job summary marks "(baseline)" only at the revision the baseline names', () => {
    const rows = jobSummary(document, gate)
      .split('\n')
      .filter((l) => l.startsWith('| `split-auth0@'));
    assert.equal(rows.length, 2);
    assert.doesNotMatch(
      rows.find((r) => r.startsWith('| `split-auth0@2025-06-18`'))!,
      /\(baseline\)/,
    );
    assert.match(
      rows.find((r) => r.startsWith('| `split-auth0@2026-07-28`'))!,
      /`asm-from-authorization-server` \[PRM-1\]\([^)]+\) \(baseline\)/,
    );
  });

  it('annotations and JUnit agree: an error and a failure at the other revision', () => {
    const lines = annotations(document, gate);
    assert.ok(lines.some((l) => l.startsWith('::error title=split-auth0@2025-06-18 asm-from-authorization-server')));
    assert.ok(lines.some((l) => l.startsWith('::notice title=split-auth0@2026-07-28 asm-from-authorization-server')));
    const xml = junitXml(document, gate);
    const suite = (v: string) => xml.split('<testsuite ').find((s) => s.startsWith(`name="split-auth0@${v}"`))!;
    assert.match(suite('2025-06-18'), /failures="1" errors="0" skipped="0"/);
    assert.match(suite('2025-06-18'), /name="asm-from-authorization-server" time="0">\n {6}<failure /);
    assert.match(
      suite('2026-07-28'),
      /name="asm-from-authorization-server" time="0">\n {6}<skipped message="expected failure \(baseline\): known at the newest revision"/,
    );
    assert.match(suite('2026-07-28'), /name="pkce-s256" time="0">\n {6}<failure message="stale baseline: [^"]*" type="stale-baseline"/);
    assert.match(suite('2025-06-18'), /name="pkce-s256" time="0"\/>/);
  });
});

describe('outcome: where every writer lists a check', () => {
  const at = (status: ScenarioDocument['status'], preview = false) => ({
    id: 'split-auth0',
    specVersion: '2026-07-28',
    status,
    ...(preview ? { preview } : {}),
  });
  const c = (status: CheckDocument['status'], advisory?: string) => ({ id: 'asm-from-authorization-server', status, ...(advisory ? { advisory } : {}) });

  it("a failure is not met whether it counts, is accepted or flaky; a stale entry's check is met", () => {
    const [, newer] = scenarios as [ScenarioDocument, ScenarioDocument];
    assert.equal(outcome(disposition(at('fail'), c('fail'))), 'not-met');
    assert.equal(outcome(disposition(newer, newer.checks[0]!, gate)), 'not-met');
    assert.equal(outcome(disposition(at('flaky'), c('fail'))), 'not-met');
    assert.equal(outcome(disposition(newer, newer.checks[1]!, gate)), 'met');
    assert.equal(outcome(disposition(at('warn'), c('warn'))), 'not-met');
    assert.equal(outcome(disposition(at('pass'), c('skip'))), 'not-judged');
  });

  it('a preview is listed by its status, and a demoted warning keeps its advisory there too', () => {
    assert.equal(outcome(disposition(at('fail', true), c('fail'))), 'not-met');
    assert.equal(outcome(disposition(at('pass', true), c('pass'))), 'met');
    assert.equal(outcome(disposition(at('pass', true), c('skip'))), 'not-judged');
    assert.equal(advisoryOf(disposition(at('warn', true), c('warn', 'interop: reported only'))), 'interop: reported only');
    assert.equal(advisoryOf(disposition(at('warn'), c('warn', 'interop: reported only'))), 'interop: reported only');
    assert.equal(advisoryOf(disposition(at('fail'), c('fail'))), undefined);
  });
});
