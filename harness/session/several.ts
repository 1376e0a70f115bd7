import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import chalk from 'chalk';
import { writeHtmlReport } from '../../reports/html/render.js';
import { textFlag } from '../../reports/writer.js';
import { resolveClient } from '../clients/index.js';
import { ClientSpecError, type Drive } from '../clients/types.js';
import type { SessionTemplate } from './request.js';
import { runSession } from './run-session.js';

// One session per target (a client version of `--versions`, a client of `--client A --client B` or `--client all`), each
// into its own results subfolder, then one HTML report with a row per target. Shared by both, so they read alike.

/** One run of several: its results subfolder's name and the `--client` value that runs it. */
export interface RunTarget {
  label: string;
  client: string;
}

/**
 * One session per target into `<--out or --report>/<label>/` with its own JUnit file there, then one HTML report with a
 * row per target. The exit code is the worst of the sessions; a target that cannot be installed or started counts as 2
 * and the others still run. `kind` names the targets in what is printed ("version", "client").
 */
export async function runSessions(targets: RunTarget[], template: SessionTemplate, drive: Drive | undefined, kind: string): Promise<number> {
  const report = textFlag(template.outputs, 'report');
  const base = textFlag(template.outputs, 'out') ?? report;
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(chalk.bold(`${targets.length} ${kind}(s): ${targets.map((t) => t.label).join(', ')}`));
  const codes: { label: string; code: number; note?: string }[] = [];
  const folders: string[] = [];
  for (const target of targets) {
    const dir = base ? join(base, target.label) : undefined;
    say(chalk.bold(`\n── ${target.label}`));
    let code: number;
    let note: string | undefined;
    try {
      code = await runSession({ ...template, client: resolveClient(target.client, undefined, drive), outputs: targetOutputs(template, target, dir) });
    } catch (error) {
      if (!(error instanceof ClientSpecError)) throw error;
      process.stderr.write(`${chalk.red('error:')} ${target.label}: ${error.message}\n`);
      code = 2;
      note = 'could not be installed or started';
    }
    if (code > 2) return code; // interrupted: the run wrote its partial results and says so
    codes.push({ label: target.label, code, ...(note ? { note } : {}) });
    if (dir && existsSync(join(dir, 'results.json'))) folders.push(dir);
  }
  say(chalk.bold(`\n${kind}s:`));
  const meaning = ['every MUST passed', 'a MUST failed', 'usage or harness error'];
  for (const c of codes) say(`  ${c.label}: exit ${c.code} (${c.note ?? meaning[c.code] ?? ''})${base ? chalk.gray(` → ${join(base, c.label)}`) : ''}`);
  if (report && folders.length > 0) {
    const file = await writeHtmlReport(folders, report);
    say(chalk.gray(`report written to ${file} (one row per ${kind})`));
  }
  return Math.max(0, ...codes.map((c) => c.code));
}

/** A target's outputs: its results folder under the base one, its own JUnit file, no report (the one report is of every target). */
function targetOutputs(template: SessionTemplate, target: RunTarget, dir: string | undefined): SessionTemplate['outputs'] {
  const junit = textFlag(template.outputs, 'junit');
  return {
    ...template.outputs,
    out: dir,
    report: undefined,
    junit: junit ? (dir ? join(dir, basename(junit)) : junit.replace(/(\.xml)?$/i, `-${target.label}$1`)) : undefined,
  };
}
