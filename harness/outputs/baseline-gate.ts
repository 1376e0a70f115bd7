import chalk from 'chalk';
import { applyBaseline, readBaseline, updatedBaseline, writeBaseline, type Baseline, type GateResult } from '../../reports/baseline.js';
import { UsageError } from '../usage-error.js';
import type { ResultsDocument } from '../../reports/results-document.js';
import type { OutputFlags, OutputOptions } from '../../reports/writer.js';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { CHECKS } from '../../scenarios/checks/index.js';
import { didYouMean } from '../../scenarios/closest-name.js';
import { topologyFileOf } from '../topology-file.js';

// --baseline FILE (and --update-baseline) of run and merge: the output that decides the exit code. It is read
// before anything runs and checked against the catalogue, which is why it lives in harness/ and not in reports/.

/** Reads --baseline before anything runs, so a broken file is a usage error, not a wasted run. */
export async function loadBaseline(flags: OutputFlags): Promise<Baseline | undefined> {
  const file = typeof flags.baseline === 'string' ? flags.baseline : undefined;
  if (flags.updateBaseline && !file) throw new UsageError('--update-baseline needs --baseline FILE (the file to write)');
  if (!file) return undefined;
  const baseline = await readBaseline(file, { mayBeMissing: Boolean(flags.updateBaseline) });
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
    if (!knownScenario) {
      const hint = didYouMean(
        entry.scenario,
        SCENARIOS.map((s) => s.id),
      );
      throw new UsageError(`${where}: unknown scenario '${entry.scenario}'${hint}; run 'mcp-oauth-conformance list' to see the scenarios`);
    }
    if (entry.check && !CHECKS.has(entry.check))
      throw new UsageError(`${where}: unknown check '${entry.check}'${didYouMean(entry.check, [...CHECKS.keys()])} (scenario ${entry.scenario})`);
  }
}

function gateLines(gate: GateResult): string[] {
  const lines: string[] = [];
  for (const a of gate.accepted)
    lines.push(
      chalk.gray(
        `  expected failure (baseline ${a.entry.lines[0] ? `line ${a.entry.lines[0]}` : ''}): ${a.scenario} ${a.check}${a.entry.reason ? ` — ${a.entry.reason}` : ''}`,
      ),
    );
  for (const u of gate.unexpected) lines.push(chalk.red(`  unexpected failure (not in the baseline): ${u.scenario}@${u.specVersion} ${u.check}`));
  for (const s of gate.stale) lines.push(chalk.red(`  ${s.message}`));
  return lines;
}

/** The baseline gate: its flags are offered like a writer's, and it decides the verdict every writer then shows. */
export interface BaselineGate extends OutputOptions<Baseline | undefined> {
  /** Applies --baseline (after --update-baseline rewrote it) to the results; undefined without --baseline. */
  judge(document: ResultsDocument, flags: OutputFlags, baseline: Baseline | undefined): Promise<GateResult | undefined>;
}

export const baselineGate: BaselineGate = {
  name: 'baseline',
  description: 'the baseline gate: failures a YAML file expects are accepted; unexpected failures and stale entries fail the run',
  commands: ['run', 'merge'],
  options: [
    {
      flags: '--baseline <file>',
      help: { run: 'YAML of expected failures: only unexpected failures and stale entries fail the run', merge: 'gate the merged results with this baseline' },
      writes: { kind: 'file', onlyWith: 'updateBaseline' },
    },
    {
      flags: '--update-baseline',
      help: { run: "rewrite the --baseline file to accept exactly this run's failures", merge: 'rewrite the --baseline file to accept exactly these failures' },
    },
  ],
  prepare: ({ flags }) => loadBaseline(flags),
  async judge(document, flags, prepared) {
    let baseline = prepared;
    if (!baseline) return undefined;
    if (flags.updateBaseline) {
      const entries = updatedBaseline(document, baseline);
      await writeBaseline(baseline.file, entries);
      process.stdout.write(chalk.gray(`baseline written to ${baseline.file} (${entries.length} expected failure(s)); fill in each TODO reason\n`));
      baseline = await readBaseline(baseline.file);
    }
    const gate = applyBaseline(document, baseline);
    process.stdout.write(
      `baseline ${baseline.file}: ${gate.accepted.length} expected failure(s), ${gate.unexpected.length} unexpected, ${gate.stale.length} stale\n`,
    );
    const lines = gateLines(gate);
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
    return gate;
  },
};
