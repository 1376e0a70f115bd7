import chalk from 'chalk';
import { applyBaseline, gatedExitCode, readBaseline, updatedBaseline, writeBaseline, type Baseline, type GateResult } from '../reports/baseline.js';
import { readResultsDir, type ResultsDocument } from '../reports/document.js';
import { UsageError } from '../reports/usage-error.js';
import { reportToGitHub } from '../reports/github.js';
import { writeHtmlReport } from '../reports/html/render.js';
import { resultsDocument, writeResults } from '../reports/json.js';
import { mergeResults } from '../reports/merge.js';
import { exitCodeOf, type RunResults } from '../reports/results.js';
import { writeJunit } from '../reports/junit.js';
import { SCENARIOS } from '../scenarios/catalogue/index.js';
import { CHECKS } from '../scenarios/checks/index.js';
import { topologyFileOf } from './topology-file.js';

// What a run (or a merge) writes besides the terminal: results folder, HTML report, JUnit, baseline gate,
// GitHub Actions annotations and job summary.

export interface OutputFlags {
  out?: string;
  report?: string;
  junit?: string;
  baseline?: string;
  updateBaseline?: boolean;
}

/** Reads --baseline before anything runs, so a broken file is a usage error, not a wasted run. */
export async function loadBaseline(flags: OutputFlags): Promise<Baseline | undefined> {
  if (flags.updateBaseline && !flags.baseline) throw new UsageError('--update-baseline needs --baseline FILE (the file to write)');
  if (!flags.baseline) return undefined;
  const baseline = await readBaseline(flags.baseline, { mayBeMissing: flags.updateBaseline });
  checkBaselineNames(baseline);
  return baseline;
}

/**
 * A baseline entry naming no scenario or check of this harness would never match and never go stale:
 * a typo there silently accepts nothing. The official suite's format names its own scenarios, so there
 * unknown names are only pointed out.
 */
function checkBaselineNames(baseline: Baseline): void {
  for (const entry of baseline.entries) {
    const where = `${baseline.file}:${entry.lines[0]}`;
    const knownScenario = SCENARIOS.some((s) => s.id === entry.scenario) || topologyFileOf(entry.scenario) !== undefined;
    if (baseline.format === 'official') {
      if (!knownScenario) process.stderr.write(chalk.yellow(`${where}: '${entry.scenario}' is not a scenario of this harness; the entry matches nothing\n`));
      continue;
    }
    if (!knownScenario) throw new UsageError(`${where}: unknown scenario '${entry.scenario}'; run 'mcp-oauth-conformance list' to see the scenarios`);
    if (entry.check && !CHECKS.has(entry.check)) throw new UsageError(`${where}: unknown check '${entry.check}' (scenario ${entry.scenario})`);
  }
}

function gateLines(gate: GateResult): string[] {
  const lines: string[] = [];
  for (const a of gate.accepted) lines.push(chalk.gray(`  expected failure (baseline ${a.entry.lines[0] ? `line ${a.entry.lines[0]}` : ''}): ${a.scenario} ${a.check}${a.entry.reason ? ` — ${a.entry.reason}` : ''}`));
  for (const u of gate.unexpected) lines.push(chalk.red(`  unexpected failure (not in the baseline): ${u.scenario}@${u.specVersion} ${u.check}`));
  for (const s of gate.stale) lines.push(chalk.red(`  ${s.message}`));
  return lines;
}

/** Writes every requested output of a finished run and returns the run's exit code. */
export async function writeOutputs(document: ResultsDocument, flags: OutputFlags, baseline: Baseline | undefined, resultsDir: string | undefined): Promise<number> {
  let gate: GateResult | undefined;
  let code = exitCodeOf(document.scenarios);
  if (baseline) {
    if (flags.updateBaseline) {
      const entries = updatedBaseline(document, baseline);
      await writeBaseline(baseline.file, entries);
      process.stdout.write(chalk.gray(`baseline written to ${baseline.file} (${entries.length} expected failure(s)); fill in each TODO reason\n`));
      baseline = await readBaseline(baseline.file);
    }
    gate = applyBaseline(document, baseline);
    code = gatedExitCode(document, gate);
    process.stdout.write(`baseline ${baseline.file}: ${gate.accepted.length} expected failure(s), ${gate.unexpected.length} unexpected, ${gate.stale.length} stale\n`);
    const lines = gateLines(gate);
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (flags.junit) {
    await writeJunit(flags.junit, document, gate);
    process.stdout.write(chalk.gray(`JUnit written to ${flags.junit}\n`));
  }
  if (flags.report && resultsDir) {
    const file = await writeHtmlReport([resultsDir], flags.report);
    process.stdout.write(chalk.gray(`report written to ${file}\n`));
  }
  await reportToGitHub(document, gate);
  return code;
}

/** For `run`: the results folder is --out, else --report (so the report folder can be re-rendered later). */
export async function finishRunOutputs(results: RunResults, flags: OutputFlags, baseline: Baseline | undefined): Promise<number> {
  const dir = flags.out ?? flags.report;
  if (dir) await writeResults(dir, results);
  return writeOutputs(resultsDocument(results, Boolean(dir)), flags, baseline, dir);
}

function catalogueOrder(id: string): number {
  const i = SCENARIOS.findIndex((s) => s.id === id);
  return i < 0 ? SCENARIOS.length : i;
}

/** `merge DIR... --out DIR`: one results set from shards, with its report in the same folder unless --report says otherwise. */
export async function mergeCommand(dirs: string[], flags: OutputFlags & { out: string }): Promise<number> {
  const baseline = await loadBaseline(flags);
  const merged = await mergeResults(dirs, flags.out, catalogueOrder);
  process.stdout.write(`merged ${dirs.length} results folder(s) into ${flags.out}: ${merged.summary.total} scenario(s), ${merged.summary.fail} failed\n`);
  return writeOutputs(merged, { ...flags, report: flags.report ?? flags.out }, baseline, flags.out);
}

/** `report DIR... [--out DIR]`: (re-)renders index.html from one or more results folders. */
export async function reportCommand(dirs: string[], flags: { out?: string }): Promise<number> {
  for (const dir of dirs) await readResultsDir(dir);
  const file = await writeHtmlReport(dirs, flags.out ?? dirs[0]!);
  process.stdout.write(`report written to ${file}\n`);
  return 0;
}
