import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import chalk from 'chalk';
import { accountText, failureMessage } from './account-text.js';
import type { GateResult } from './baseline.js';
import { previewNote, scenarioFolder, type CheckDocument, type ResultsDocument, type ScenarioDocument } from './results-document.js';
import { disposition, staleScenarioEntries } from './disposition.js';
import type { ExitPolicy } from './results.js';
import { textFlag, type ReportWriter } from './writer.js';

// JUnit XML: one <testsuite> per scenario@spec, one <testcase> per check.
//   fail -> <failure>; skip -> <skipped>; warn (a failed SHOULD) -> passed, with the message in <system-out>,
//   because it does not fail the run. With a baseline, an accepted failure is <skipped> with the
//   baseline's reason and a stale entry adds a <failure>, so the JUnit verdict matches the exit code.
//   A preview (a scenario of a newer revision than the client speaks) has every check <skipped>, saying so.
//   A scenario without checks (skipped by the client adapter, or a harness error) is one testcase of its own.
//   Interrupted (Ctrl-C, SIGTERM): the running scenarios have no verdict, so they are <skipped> with the reason, and
//   the scenarios never started are <skipped> test cases of a `not-run` suite; the exit code (130/143) is the failure.
//   Flaky (--retries, an attempt passed after one did not): its checks that failed are passed with the failure in
//   <system-out>, and an `attempts` test case lists every attempt; with --fail-on-flaky that test case is a <failure>.

function xml(text: string): string {
  return text
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** One <testsuite>'s cases and counts. */
interface Suite {
  cases: string[];
  failures: number;
  errors: number;
  skipped: number;
}

type Open = (test: string) => string;

/** A scenario without checks (skipped by the client adapter, or a harness error) is one test case of its own. */
function scenarioCase(s: ScenarioDocument, open: Open, suite: Suite): void {
  if (s.status === 'error') {
    const told = accountText(s).join('\n');
    suite.cases.push(
      `${open('scenario')} time="${seconds(s.durationMs)}">\n      <error message="${xml(s.reason ?? 'harness error')}">${xml(told)}</error>\n    </testcase>`,
    );
    suite.errors += 1;
  } else {
    suite.cases.push(`${open('scenario')} time="0">\n      <skipped message="${xml(s.reason ?? s.status)}"/>\n    </testcase>`);
    suite.skipped += 1;
  }
}

/** The `attempts` test case of a retried scenario; a <failure> for a flaky one under --fail-on-flaky. */
function attemptsCase(s: ScenarioDocument, open: Open, suite: Suite, policy: ExitPolicy): void {
  if (!s.attempts) return;
  const verdicts = s.attempts.map((a) => `attempt ${a.attempt} ${a.status}`).join(', ');
  const flakyFails = s.status === 'flaky' && policy.failOnFlaky;
  const body = flakyFails
    ? `      <failure message="${xml(`flaky (--fail-on-flaky): ${verdicts}`)}" type="flaky"/>\n`
    : `      <system-out>${xml(`${s.status === 'flaky' ? 'FLAKY: ' : ''}${verdicts}; the checks are attempt ${s.attempt ?? 1}'s`)}</system-out>\n`;
  suite.cases.push(`${open('attempts')} time="${seconds(s.durationMs)}">\n${body}    </testcase>`);
  if (flakyFails) suite.failures += 1;
}

/** A check's body (empty for a plain pass) and how it counts, by its disposition. */
function checkBody(s: ScenarioDocument, c: CheckDocument, gate: GateResult | undefined): { body: string; counts?: 'failures' | 'skipped' } {
  const d = disposition(s, c, gate);
  switch (d.kind) {
    case 'preview':
      return {
        body: `      <skipped message="${xml(previewNote(s))}"/>\n      <system-out>${xml(`${c.status.toUpperCase()} (${c.level} at ${s.specVersion}): ${c.message}`)}</system-out>\n`,
        counts: 'skipped',
      };
    case 'flaky':
      return { body: `      <system-out>${xml(`FLAKY (failed in attempt ${s.attempt ?? 1}, passed in a later one): ${c.message}`)}</system-out>\n` };
    case 'accepted':
      return {
        body: `      <skipped message="${xml(`expected failure (baseline): ${d.entry.reason ?? 'listed in the baseline'}`)}"/>\n      <system-out>${xml(c.message)}</system-out>\n`,
        counts: 'skipped',
      };
    case 'failure': {
      const message = failureMessage(s, c);
      return {
        body: `      <failure message="${xml(message)}" type="${c.level}">${xml(`${message}\nrequirement ${c.requirement.id}: ${c.requirement.url}`)}</failure>\n`,
        counts: 'failures',
      };
    }
    case 'skipped':
      return { body: `      <skipped message="${xml(c.message)}"/>\n`, counts: 'skipped' };
    case 'stale':
      return { body: `      <failure message="${xml(d.message)}" type="stale-baseline"/>\n`, counts: 'failures' };
    case 'warning':
      return { body: `      <system-out>${xml(`WARNING (${d.advisory ?? `${c.level} not met`}): ${failureMessage(s, c)}`)}</system-out>\n` };
    case 'pass':
      return { body: '' };
  }
}

/** One <testsuite> for a scenario@spec: its cases, cause first in its own <system-out>. */
function scenarioSuite(results: ResultsDocument, s: ScenarioDocument, gate: GateResult | undefined, policy: ExitPolicy): Suite & { xml: string } {
  const name = scenarioFolder(s);
  const suite: Suite = { cases: [], failures: 0, errors: 0, skipped: 0 };
  const open: Open = (test) => `    <testcase classname="${xml(name)}" name="${xml(test)}"`;
  if (s.checks.length === 0) scenarioCase(s, open, suite);
  attemptsCase(s, open, suite, policy);
  for (const c of s.checks) {
    const { body, counts } = checkBody(s, c, gate);
    if (counts) suite[counts] += 1;
    suite.cases.push(body ? `${open(c.id)} time="0">\n${body}    </testcase>` : `${open(c.id)} time="0"/>`);
  }
  for (const st of staleScenarioEntries(s, gate)) {
    suite.cases.push(`${open('baseline')} time="0">\n      <failure message="${xml(st.message)}" type="stale-baseline"/>\n    </testcase>`);
    suite.failures += 1;
  }
  const text =
    `  <testsuite name="${xml(name)}" tests="${suite.cases.length}" failures="${suite.failures}" errors="${suite.errors}" skipped="${suite.skipped}" time="${seconds(s.durationMs)}" timestamp="${xml(results.startedAt)}">\n` +
    `    <properties>\n      <property name="client" value="${xml(results.client.name)}"/>\n${s.drive ? `      <property name="drive" value="${s.drive}"/>\n` : ''}      <property name="spec-version" value="${xml(s.specVersion)}"/>\n    </properties>\n` +
    `${suite.cases.join('\n')}\n` +
    // Why the scenario did not pass, cause first: the one place a CI viewer shows the scenario as a whole.
    (s.account ? `    <system-out>${xml(accountText(s).join('\n'))}</system-out>\n` : '') +
    '  </testsuite>';
  return { ...suite, xml: text };
}

/** The `not-run` suite of an interrupted run: the scenarios never started, each <skipped>. */
function notRunSuite(results: ResultsDocument): (Suite & { xml: string }) | undefined {
  if (!results.notRun?.length) return undefined;
  const why = `not run: the run was interrupted${results.interruptedBy ? ` (${results.interruptedBy})` : ''} before this scenario started`;
  const cases = results.notRun.map(
    (id) => `    <testcase classname="not-run" name="${xml(id)}" time="0">\n      <skipped message="${xml(why)}"/>\n    </testcase>`,
  );
  return {
    cases,
    failures: 0,
    errors: 0,
    skipped: cases.length,
    xml: `  <testsuite name="not-run" tests="${cases.length}" failures="0" errors="0" skipped="${cases.length}" time="0" timestamp="${xml(results.startedAt)}">\n${cases.join('\n')}\n  </testsuite>`,
  };
}

export function junitXml(results: ResultsDocument, gate?: GateResult, policy: ExitPolicy = {}): string {
  const suites = results.scenarios.map((s) => scenarioSuite(results, s, gate, policy));
  const notRun = notRunSuite(results);
  if (notRun) suites.push(notRun);
  const total = (key: 'failures' | 'errors' | 'skipped') => suites.reduce((n, s) => n + s[key], 0);
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(results.tool.name)}" tests="${tests}" failures="${total('failures')}" errors="${total('errors')}" skipped="${total('skipped')}" time="${seconds(results.durationMs)}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

export async function writeJunit(file: string, results: ResultsDocument, gate?: GateResult, policy: ExitPolicy = {}): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, junitXml(results, gate, policy));
}

/** `--junit FILE` of run and merge. */
export const junitWriter: ReportWriter = {
  name: 'junit',
  description: 'JUnit XML: a <testsuite> per scenario@spec, a <testcase> per check, agreeing with the exit code',
  commands: ['run', 'merge'],
  options: [
    {
      flags: '--junit <file>',
      help: { run: 'write JUnit XML: one test case per scenario and check', merge: 'write JUnit XML of the merged results' },
      writes: { kind: 'file' },
    },
  ],
  async write({ flags, document, gate }) {
    const file = textFlag(flags, 'junit');
    if (!file) return;
    await writeJunit(file, document, gate, { failOnFlaky: flags.failOnFlaky === true });
    process.stdout.write(chalk.gray(`JUnit written to ${file}\n`));
  },
};
