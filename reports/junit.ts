import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import chalk from 'chalk';
import { accountText, failureMessage } from './account-text.js';
import type { GateResult } from './baseline.js';
import { previewNote, scenarioFolder, type ResultsDocument } from './document.js';
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

export function junitXml(results: ResultsDocument, gate?: GateResult, policy: ExitPolicy = {}): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const suites: string[] = [];
  for (const s of results.scenarios) {
    const name = scenarioFolder(s);
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteErrors = 0;
    let suiteSkipped = 0;
    const open = (test: string) => `    <testcase classname="${xml(name)}" name="${xml(test)}"`;
    if (s.checks.length === 0) {
      if (s.status === 'error') {
        const told = accountText(s).join('\n');
        cases.push(
          `${open('scenario')} time="${seconds(s.durationMs)}">\n      <error message="${xml(s.reason ?? 'harness error')}">${xml(told)}</error>\n    </testcase>`,
        );
        suiteErrors += 1;
      } else {
        cases.push(`${open('scenario')} time="0">\n      <skipped message="${xml(s.reason ?? s.status)}"/>\n    </testcase>`);
        suiteSkipped += 1;
      }
    }
    if (s.attempts) {
      const verdicts = s.attempts.map((a) => `attempt ${a.attempt} ${a.status}`).join(', ');
      const flakyFails = s.status === 'flaky' && policy.failOnFlaky;
      const body = flakyFails
        ? `      <failure message="${xml(`flaky (--fail-on-flaky): ${verdicts}`)}" type="flaky"/>\n`
        : `      <system-out>${xml(`${s.status === 'flaky' ? 'FLAKY: ' : ''}${verdicts}; the checks are attempt ${s.attempt ?? 1}'s`)}</system-out>\n`;
      cases.push(`${open('attempts')} time="${seconds(s.durationMs)}">\n${body}    </testcase>`);
      if (flakyFails) suiteFailures += 1;
    }
    for (const c of s.checks) {
      const title = c.id;
      const accepted = gate?.accepted.find((a) => a.scenario === s.id && a.specVersion === s.specVersion && a.check === c.id);
      const stale = gate?.stale.find((st) => st.entry.scenario === s.id && st.entry.check === c.id);
      let body = '';
      if (s.preview) {
        body = `      <skipped message="${xml(previewNote(s))}"/>\n      <system-out>${xml(`${c.status.toUpperCase()} (${c.level} at ${s.specVersion}): ${c.message}`)}</system-out>\n`;
        suiteSkipped += 1;
      } else if (c.status === 'fail' && s.status === 'flaky') {
        body = `      <system-out>${xml(`FLAKY (failed in attempt ${s.attempt ?? 1}, passed in a later one): ${c.message}`)}</system-out>\n`;
      } else if (c.status === 'fail' && accepted) {
        body = `      <skipped message="${xml(`expected failure (baseline): ${accepted.entry.reason ?? 'listed in the baseline'}`)}"/>\n      <system-out>${xml(c.message)}</system-out>\n`;
        suiteSkipped += 1;
      } else if (c.status === 'fail') {
        const message = failureMessage(s, c);
        body = `      <failure message="${xml(message)}" type="${c.level}">${xml(`${message}\nrequirement ${c.requirement.id}: ${c.requirement.url}`)}</failure>\n`;
        suiteFailures += 1;
      } else if (c.status === 'skip') {
        body = `      <skipped message="${xml(c.message)}"/>\n`;
        suiteSkipped += 1;
      } else if (stale) {
        body = `      <failure message="${xml(stale.message)}" type="stale-baseline"/>\n`;
        suiteFailures += 1;
      } else if (c.status === 'warn') {
        body = `      <system-out>${xml(`WARNING (${c.advisory ?? `${c.level} not met`}): ${failureMessage(s, c)}`)}</system-out>\n`;
      }
      cases.push(body ? `${open(title)} time="0">\n${body}    </testcase>` : `${open(title)} time="0"/>`);
    }
    for (const st of gate?.stale.filter((x) => x.entry.scenario === s.id && !x.entry.check) ?? []) {
      cases.push(`${open('baseline')} time="0">\n      <failure message="${xml(st.message)}" type="stale-baseline"/>\n    </testcase>`);
      suiteFailures += 1;
    }
    const count = cases.length;
    tests += count;
    failures += suiteFailures;
    errors += suiteErrors;
    skipped += suiteSkipped;
    suites.push(
      `  <testsuite name="${xml(name)}" tests="${count}" failures="${suiteFailures}" errors="${suiteErrors}" skipped="${suiteSkipped}" time="${seconds(s.durationMs)}" timestamp="${xml(results.startedAt)}">\n` +
        `    <properties>\n      <property name="client" value="${xml(results.client.name)}"/>\n${s.drive ? `      <property name="drive" value="${s.drive}"/>\n` : ''}      <property name="spec-version" value="${xml(s.specVersion)}"/>\n    </properties>\n` +
        `${cases.join('\n')}\n` +
        // Why the scenario did not pass, cause first: the one place a CI viewer shows the scenario as a whole.
        (s.account ? `    <system-out>${xml(accountText(s).join('\n'))}</system-out>\n` : '') +
        '  </testsuite>',
    );
  }
  if (results.notRun?.length) {
    const why = `not run: the run was interrupted${results.interruptedBy ? ` (${results.interruptedBy})` : ''} before this scenario started`;
    const cases = results.notRun.map(
      (id) => `    <testcase classname="not-run" name="${xml(id)}" time="0">\n      <skipped message="${xml(why)}"/>\n    </testcase>`,
    );
    tests += cases.length;
    skipped += cases.length;
    suites.push(
      `  <testsuite name="not-run" tests="${cases.length}" failures="0" errors="0" skipped="${cases.length}" time="0" timestamp="${xml(results.startedAt)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  out.push(
    `<testsuites name="${xml(results.tool.name)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(results.durationMs)}">`,
  );
  out.push(...suites, '</testsuites>', '');
  return out.join('\n');
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
