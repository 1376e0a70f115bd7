import chalk from 'chalk';
import type { StopAccount } from '../scenarios/account.js';
import type { Verdict } from '../scenarios/types.js';
import { afterLines, isCauseCheck, knownText, scenarioKnown } from './account-text.js';
import { advisoryOf, disposition, outcome } from './disposition.js';
import { redactor, secretsIn } from './redact.js';
import { judgedRevisions, summarize, type RunResults, type ScenarioResult, type ScenarioStatus } from './results.js';

const MARK: Record<ScenarioStatus | Verdict['status'], string> = {
  pass: chalk.green('✔'),
  fail: chalk.red('✘'),
  warn: chalk.yellow('!'),
  skip: chalk.gray('-'),
  error: chalk.magenta('⚠'),
  interrupted: chalk.yellow('■'),
  flaky: chalk.yellow('~'),
};

const COLOR: Record<ScenarioStatus, (s: string) => string> = {
  pass: chalk.green,
  fail: chalk.red,
  warn: chalk.yellow,
  skip: chalk.gray,
  error: chalk.magenta,
  interrupted: chalk.yellow,
  flaky: chalk.yellow,
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function headerLine(results: Pick<RunResults, 'tool' | 'client' | 'specVersion' | 'strict'>, count: number): string {
  const spec = results.specVersion === 'auto' ? 'spec auto (the revision the client negotiates)' : `spec ${results.specVersion}`;
  return (
    chalk.bold(`${results.tool.name} ${results.tool.version}`) +
    chalk.gray(
      ` · client ${results.client.name}${results.client.drive ? ` (${results.client.drive})` : ''} · ${spec}${results.strict ? ' · strict' : ''} · ${count} scenario(s)`,
    )
  );
}

/** Where a known client bug that explains a failure is reported, and which release fixed it. */
function knownNote(check: Verdict): string {
  return check.known ? chalk.cyan(` (${knownText(check.known)})`) : '';
}

const checkLine = (check: Verdict, redact: (s: string) => string, note = '') =>
  `${MARK[check.status]} ${chalk.gray(check.level.padEnd(6))} ${chalk.bold(check.id)}${note}: ${redact(check.message)}${knownNote(check)}`;

/** The account's cause line (when it has a headline), and the client's last step and end and what it said. */
function accountLines(account: StopAccount, checks: Verdict[], status: ScenarioStatus, redact: (s: string) => string): { cause?: string; after: string[] } {
  const after = afterLines(account).map((line) => chalk.gray(redact(line)));
  if (!account.headline) return { after };
  const causeCheck = checks.find((c) => isCauseCheck({ account }, c));
  // The cause carries the known bug of the checks it explains, whichever of them names it.
  const known = scenarioKnown({ checks });
  const knownAfter = known && !causeCheck?.known ? chalk.cyan(` (${knownText(known)})`) : '';
  return { cause: `${COLOR[status]('cause:')} ${causeCheck ? checkLine(causeCheck, redact) : redact(account.headline)}${knownAfter}`, after };
}

/** The width of the id column: the longest id of the run, so every status starts in one column. */
export function idColumnWidth(ids: readonly string[]): number {
  return Math.max(0, ...ids.map((id) => id.length));
}

/**
 * One line per scenario (ids padded to `idWidth`), its account (cause first) when it did not pass, then each check
 * that did not pass (all checks when verbose).
 */
export function scenarioLines(result: ScenarioResult, verbose = false, idWidth = result.id.length): string {
  const redact = redactor(secretsIn(result.trace));
  const revision = result.preview ? chalk.cyan(`preview: ready for ${result.specVersion}?`) : chalk.gray(`@${result.specVersion}`);
  const lines = [
    `${MARK[result.status]} ${result.id.padEnd(idWidth)} ${COLOR[result.status](result.status.padEnd(5))} ${chalk.gray(seconds(result.durationMs))} ${revision}${result.drive ? chalk.gray(` · ${result.drive} drive`) : ''}`,
  ];
  const account = result.account;
  const cause = account?.cause;
  const told = account ? accountLines(account, result.checks, result.status, redact) : { after: [] };
  // The cause before anything else, even the reason: it is what the reader must see first.
  const before = told.cause ? [told.cause] : [];
  lines.push(...[...before, ...(result.reason ? [chalk.gray(redact(result.reason))] : []), ...told.after].map((l) => `    ${l}`));
  const consequences = new Set(account?.consequences ?? []);
  // Printed as each scenario ends, before the baseline gate judges the run: its verdict follows the scenario lines.
  const dispositions = result.checks.map((check) => ({ check, d: disposition(result, check) }));
  for (const { check, d } of dispositions) {
    if (!verbose && (outcome(d) !== 'not-met' || isCauseCheck(result, check))) continue;
    lines.push(`    ${checkLine(check, redact, consequences.has(check.id) && cause ? chalk.gray(' (a consequence)') : '')}`);
  }
  const advisories = new Set(dispositions.flatMap(({ d }) => advisoryOf(d) ?? []));
  for (const advisory of advisories) lines.push(`    ${chalk.yellow('warnings, not failures:')} ${chalk.gray(advisory)}`);
  return lines.join('\n');
}

function counts(c: Record<ScenarioStatus, number>): string {
  const parts = [`${c.pass} passed`, `${c.fail} failed`, `${c.warn} warned`, `${c.skip} skipped`];
  if (c.flaky) parts.push(`${c.flaky} flaky`);
  if (c.error) parts.push(`${c.error} errors`);
  if (c.interrupted) parts.push(`${c.interrupted} interrupted`);
  return parts.join(', ');
}

/** How many scenarios had finished when the run was interrupted: the first line printed after the signal. */
export function interruptedLine(signal: string, finished: number, total: number): string {
  return chalk.yellow.bold(`interrupted after ${finished} of ${total} scenario(s) (${signal})`);
}

/** Which revisions the client spoke and was judged at, as one line. */
export function revisionLine(results: RunResults): string | undefined {
  const judged = results.scenarios.filter((s) => !s.preview && s.status !== 'skip' && s.status !== 'error' && s.status !== 'interrupted');
  if (judged.length === 0) return undefined;
  const spoken = [...new Set(judged.map((s) => s.protocolVersion ?? 'none'))].join(', ');
  const at = judgedRevisions(judged).join(', ');
  const how = results.specVersion === 'auto' ? 'the revision it negotiated' : '--spec-version';
  return chalk.gray(`the client sent protocol version ${spoken}; judged at ${at} (${how})`);
}

/** The run's counts; previews ("ready for a newer revision?") on a line of their own, outside the verdict. */
export function summaryLine(results: RunResults): string {
  const c = summarize(results.scenarios);
  const notRun = results.notRun?.length ? `, ${results.notRun.length} not run` : '';
  const text = `${c.total} scenario(s): ${counts(c)}${notRun} in ${seconds(results.durationMs)}${results.partial ? ' (interrupted: partial results)' : ''}`;
  const lines = [c.fail || c.error ? chalk.red(text) : c.warn || c.flaky || results.partial ? chalk.yellow(text) : chalk.green(text)];
  if (c.preview.total > 0) {
    const previews = results.scenarios.filter((s) => s.preview);
    const at = [...new Set(previews.map((s) => s.specVersion))].join(', ');
    const failing = previews.filter((s) => s.status === 'fail').map((s) => s.id);
    lines.push(
      chalk.cyan(
        `ready for ${at}? ${c.preview.total} preview scenario(s): ${counts(c.preview)}${failing.length ? ` (would fail: ${failing.join(', ')})` : ''}; not counted in the exit code`,
      ),
    );
  }
  const revision = revisionLine(results);
  if (revision) lines.push(revision);
  return lines.join('\n');
}
