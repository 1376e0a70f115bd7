import { appendFile } from 'node:fs/promises';
import { accountText, failureMessage, isCauseCheck } from './account-text.js';
import type { GateResult } from './baseline.js';
import { previewNote, scenarioFolder, type ResultsDocument } from './results-document.js';
import { disposition, outcome } from './disposition.js';
import type { ReportWriter } from './writer.js';

// GitHub Actions workflow commands and the job summary (GITHUB_STEP_SUMMARY), written only under Actions.

export function underGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** Workflow-command escaping: data and property values differ (commas and colons in properties). */
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error` for failures that fail the run, `::warning` for SHOULD failures, `::notice` for baseline-accepted ones. */
export function annotations(results: ResultsDocument, gate?: GateResult): string[] {
  const lines: string[] = [];
  for (const s of results.scenarios) {
    if (s.status === 'error')
      lines.push(
        `::error title=${property(`${scenarioFolder(s)}: harness error`)}::${data([s.reason ?? 'the scenario could not run', ...accountText(s)].join('\n'))}`,
      );
    if (s.status === 'interrupted')
      lines.push(`::warning title=${property(`${scenarioFolder(s)}: interrupted`)}::${data(s.reason ?? 'the run was interrupted')}`);
    if (s.status === 'flaky') {
      // Its failures are the attempt that did not pass; another passed: a warning, as flaky does not fail the run by default.
      const failing = s.checks.filter((c) => outcome(disposition(s, c, gate)) === 'not-met').map((c) => c.id);
      const verdicts = (s.attempts ?? []).map((a) => `attempt ${a.attempt} ${a.status}`).join(', ');
      lines.push(
        `::warning title=${property(`${scenarioFolder(s)}: flaky`)}::${data(`${verdicts}${failing.length ? `; attempt ${s.attempt ?? 1} did not pass ${failing.join(', ')}` : ''}`)}`,
      );
      continue;
    }
    if (s.preview) {
      const failing = s.checks.filter((c) => c.status === 'fail').map((c) => c.id);
      if (failing.length) lines.push(`::notice title=${property(`${scenarioFolder(s)}: ${previewNote(s)}`)}::${data(`would fail ${failing.join(', ')}`)}`);
      continue;
    }
    for (const c of s.checks) {
      const title = property(`${scenarioFolder(s)} ${c.id} (${c.level} ${c.requirement.id})`);
      const d = disposition(s, c, gate);
      if (d.kind === 'accepted') lines.push(`::notice title=${title}::${data(`expected failure (baseline: ${d.entry.reason ?? 'listed'}): ${c.message}`)}`);
      else if (d.kind === 'failure') lines.push(`::error title=${title}::${data(`${failureMessage(s, c)}\n${c.requirement.url}`)}`);
      else if (d.kind === 'warning') {
        const message = failureMessage(s, c);
        lines.push(`::warning title=${title}::${data(d.advisory ? `${message} (${d.advisory})` : message)}`);
      }
    }
  }
  for (const st of gate?.stale ?? []) lines.push(`::error title=stale baseline::${data(st.message)}`);
  return lines;
}

/** Text made safe for one cell of a Markdown table: no column break, no line break. */
export const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const ICON: Record<string, string> = { pass: '✅', fail: '❌', warn: '⚠️', skip: '⏭️', error: '💥', interrupted: '⏹️', flaky: '🔁' };

export function jobSummary(results: ResultsDocument, gate?: GateResult): string {
  const c = results.summary;
  const out = [
    `## MCP OAuth conformance: ${cell(results.client.name)} (spec ${results.specVersion})`,
    '',
    `${c.total} scenario(s): ${c.pass} passed, ${c.fail} failed, ${c.warn} warned, ${c.skip} skipped${c.flaky ? `, ${c.flaky} flaky` : ''}${c.error ? `, ${c.error} errors` : ''}${c.interrupted ? `, ${c.interrupted} interrupted` : ''}.`,
  ];
  if (results.partial) {
    const finished = c.total + c.preview.total - (c.interrupted ?? 0) - (c.preview.interrupted ?? 0);
    const total = c.total + c.preview.total + (results.notRun?.length ?? 0);
    out.splice(
      1,
      0,
      '',
      `**Interrupted after ${finished} of ${total} scenario(s)**${results.notRun?.length ? `; not run: ${results.notRun.join(', ')}` : ''}.`,
    );
  }
  const p = c.preview;
  if (p.total)
    out.push(
      '',
      `Preview (newer revision than the client speaks, not counted): ${p.total} scenario(s), ${p.pass} passed, ${p.fail} would fail, ${p.warn} warned.`,
    );
  if (gate) {
    out.push(`Baseline: ${gate.accepted.length} expected failure(s), ${gate.unexpected.length} unexpected, ${gate.stale.length} stale.`);
  }
  out.push('', '| scenario | status | checks not passed |', '| --- | --- | --- |');
  for (const s of results.scenarios) {
    const first = (x: { id: string }) => (isCauseCheck(s, x) ? 0 : 1);
    const notPassed = s.checks
      .map((x) => ({ x, d: disposition(s, x, gate) }))
      .filter(({ d }) => outcome(d) === 'not-met')
      .sort((a, b) => first(a.x) - first(b.x));
    const detail = notPassed.map(({ x, d }) => {
      const accepted = d.kind === 'accepted';
      return `${x.status === 'fail' ? '❌' : '⚠️'} \`${x.id}\` [${x.requirement.id}](${x.requirement.url})${accepted ? ' (baseline)' : ''}: ${cell(x.message)}`;
    });
    const status = `${ICON[s.status] ?? ''} ${s.status}${s.preview ? ' (preview)' : ''}`;
    // A cause that is a check leads the list as that check; a refusal or a stop has no check, so it is written out.
    const cause = s.account?.headline && s.account.cause?.kind !== 'violation' ? [`**cause:** ${cell(s.account.headline)}`] : [];
    out.push(`| \`${scenarioFolder(s)}\` | ${status} | ${[...cause, ...detail].join('<br>') || cell(s.reason ?? '')} |`);
  }
  if (gate?.stale.length) {
    out.push('', '### Stale baseline entries', '', ...gate.stale.map((st) => `- ${cell(st.message)}`));
  }
  out.push('');
  return out.join('\n');
}

/** Prints annotations and appends the job summary; does nothing outside GitHub Actions. */
export async function reportToGitHub(results: ResultsDocument, gate?: GateResult, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!underGitHubActions(env)) return;
  for (const line of annotations(results, gate)) process.stdout.write(`${line}\n`);
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, jobSummary(results, gate));
}

/** Under GitHub Actions, every run and merge annotates and summarizes; it has no flag. */
export const githubWriter: ReportWriter = {
  name: 'github',
  description: 'GitHub Actions annotations (::error, ::warning, ::notice) and a Markdown job summary, when GITHUB_ACTIONS=true',
  commands: ['run', 'merge'],
  options: [],
  async write({ document, gate }) {
    await reportToGitHub(document, gate);
  },
};
