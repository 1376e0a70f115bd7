import chalk from 'chalk';
import type { Verdict } from '../scenarios/types.js';
import { redactor, secretsIn } from './redact.js';
import { summarize, type RunResults, type ScenarioResult, type ScenarioStatus } from './results.js';

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

export function headerLine(results: Pick<RunResults, 'tool' | 'client' | 'specVersion'>, count: number): string {
  return chalk.bold(`${results.tool.name} ${results.tool.version}`) + chalk.gray(` · client ${results.client.name} · spec ${results.specVersion} · ${count} scenario(s)`);
}

/** One line per scenario, then each check that did not pass (all checks when verbose). */
export function scenarioLines(result: ScenarioResult, verbose = false): string {
  const redact = redactor(secretsIn(result.trace));
  const lines = [`${MARK[result.status]} ${result.id.padEnd(28)} ${COLOR[result.status](result.status.padEnd(5))} ${chalk.gray(seconds(result.durationMs))}`];
  if (result.reason) lines.push(`    ${chalk.gray(redact(result.reason))}`);
  for (const check of result.checks) {
    if (!verbose && (check.status === 'pass' || check.status === 'skip')) continue;
    lines.push(`    ${MARK[check.status]} ${chalk.gray(check.level.padEnd(6))} ${chalk.bold(check.id)}: ${redact(check.message)}`);
  }
  return lines.join('\n');
}

export function summaryLine(results: RunResults): string {
  const c = summarize(results.scenarios);
  const parts = [`${c.pass} passed`, `${c.fail} failed`, `${c.warn} warned`, `${c.skip} skipped`];
  if (c.error) parts.push(`${c.error} errors`);
  const text = `${c.total} scenario(s): ${parts.join(', ')} in ${seconds(results.durationMs)}${results.partial ? ' (interrupted: partial results)' : ''}`;
  return c.fail || c.error ? chalk.red(text) : c.warn ? chalk.yellow(text) : chalk.green(text);
}
