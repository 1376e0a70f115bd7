import chalk from 'chalk';
import type { Verdict } from '../scenarios/types.js';
import { redactor, secretsIn } from './redact.js';
import { judgedRevisions, summarize, type RunResults, type ScenarioResult, type ScenarioStatus } from './results.js';

const MARK: Record<ScenarioStatus | Verdict['status'], string> = {
  pass: chalk.green('✔'),
  fail: chalk.red('✘'),
  warn: chalk.yellow('!'),
  skip: chalk.gray('-'),
  error: chalk.magenta('⚠'),
};

const COLOR: Record<ScenarioStatus, (s: string) => string> = {
  pass: chalk.green,
  fail: chalk.red,
  warn: chalk.yellow,
  skip: chalk.gray,
  error: chalk.magenta,
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

/** One line per scenario, then each check that did not pass (all checks when verbose). */
export function scenarioLines(result: ScenarioResult, verbose = false): string {
  const redact = redactor(secretsIn(result.trace));
  const revision = result.preview ? chalk.cyan(`preview: ready for ${result.specVersion}?`) : chalk.gray(`@${result.specVersion}`);
  const lines = [
    `${MARK[result.status]} ${result.id.padEnd(28)} ${COLOR[result.status](result.status.padEnd(5))} ${chalk.gray(seconds(result.durationMs))} ${revision}`,
  ];
  if (result.reason) lines.push(`    ${chalk.gray(redact(result.reason))}`);
  for (const check of result.checks) {
    if (!verbose && (check.status === 'pass' || check.status === 'skip')) continue;
    lines.push(`    ${MARK[check.status]} ${chalk.gray(check.level.padEnd(6))} ${chalk.bold(check.id)}: ${redact(check.message)}`);
  }
  const advisories = new Set(result.checks.filter((c) => c.status === 'warn' && c.advisory).map((c) => c.advisory));
  for (const advisory of advisories) lines.push(`    ${chalk.yellow('warnings, not failures:')} ${chalk.gray(advisory)}`);
  return lines.join('\n');
}

function counts(c: Record<ScenarioStatus, number>): string {
  const parts = [`${c.pass} passed`, `${c.fail} failed`, `${c.warn} warned`, `${c.skip} skipped`];
  if (c.error) parts.push(`${c.error} errors`);
  return parts.join(', ');
}

/** Which revisions the client spoke and was judged at, as one line. */
export function revisionLine(results: RunResults): string | undefined {
  const judged = results.scenarios.filter((s) => !s.preview && s.status !== 'skip' && s.status !== 'error');
  if (judged.length === 0) return undefined;
  const spoken = [...new Set(judged.map((s) => s.protocolVersion ?? 'none'))].join(', ');
  const at = judgedRevisions(judged).join(', ');
  const how = results.specVersion === 'auto' ? 'the revision it negotiated' : '--spec-version';
  return chalk.gray(`the client sent protocol version ${spoken}; judged at ${at} (${how})`);
}

/** The run's counts; previews ("ready for a newer revision?") on a line of their own, outside the verdict. */
export function summaryLine(results: RunResults): string {
  const c = summarize(results.scenarios);
  const text = `${c.total} scenario(s): ${counts(c)} in ${seconds(results.durationMs)}${results.partial ? ' (interrupted: partial results)' : ''}`;
  const lines = [c.fail || c.error ? chalk.red(text) : c.warn ? chalk.yellow(text) : chalk.green(text)];
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
