import { gatedExitCode, type Baseline } from '../../reports/baseline.js';
import { readResultsDir, ResultsDirError, type ResultsDocument } from '../../reports/results-document.js';
import { resultsDocument } from '../../reports/results-folder.js';
import { mergeResults } from '../../reports/merge.js';
import { exitCodeOf, type ExitPolicy, type RunResults } from '../../reports/results.js';
import { textFlag, type OutputCommand, type OutputFlags, type OutputOptions } from '../../reports/writer.js';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { outputTargets, probeOutputTargets } from './paths.js';
import { baselineGate } from './baseline-gate.js';
import { outputsOf, writersOf } from './writers.js';

// What a run, a merge or the report command writes besides the terminal: every writer of the registry
// (harness/outputs/writers.ts) that belongs to the command, in order.

export type { OutputFlags };

/** A command's flags once every writer has checked them and loaded what it needs (a baseline file). */
export interface PreparedOutputs {
  command: OutputCommand;
  flags: OutputFlags;
  prepared: Map<OutputOptions, unknown>;
}

/**
 * Before anything runs: every path an output will write is created and probed, then each writer checks its flags,
 * so a bad one is a usage error, not a wasted run.
 */
export async function prepareOutputs(command: OutputCommand, flags: OutputFlags): Promise<PreparedOutputs> {
  await probeOutputTargets(outputTargets(outputsOf(command), command, flags));
  const prepared = new Map<OutputOptions, unknown>();
  for (const output of outputsOf(command)) if (output.prepare) prepared.set(output, await output.prepare({ command, flags }));
  return { command, flags, prepared };
}

/** Judges with the baseline (when given), runs every writer of the command and returns the exit code: the gate's, else the results'. */
async function writeOutputs(
  outputs: PreparedOutputs,
  document: ResultsDocument,
  resultsDirs: string[],
  results?: RunResults,
  policy: ExitPolicy = {},
): Promise<number> {
  const gate = baselineGate.commands.includes(outputs.command)
    ? await baselineGate.judge(document, outputs.flags, outputs.prepared.get(baselineGate) as Baseline | undefined)
    : undefined;
  for (const writer of writersOf(outputs.command)) {
    await writer.write({
      command: outputs.command,
      flags: outputs.flags,
      document,
      results,
      resultsDirs,
      gate,
      prepared: outputs.prepared.get(writer),
    });
  }
  return gate ? gatedExitCode(document, gate, policy) : exitCodeOf(document.scenarios, policy);
}

/** For `run`: the results folder is --out, else --report (so the report folder can be re-rendered later). */
export async function finishRunOutputs(results: RunResults, outputs: PreparedOutputs, policy: ExitPolicy = {}): Promise<number> {
  const dir = textFlag(outputs.flags, 'out') ?? textFlag(outputs.flags, 'report');
  return writeOutputs(outputs, resultsDocument(results, Boolean(dir)), dir ? [dir] : [], results, policy);
}

function catalogueOrder(id: string): number {
  const i = SCENARIOS.findIndex((s) => s.id === id);
  return i < 0 ? SCENARIOS.length : i;
}

/** `merge DIR... --out DIR`: one results set from shards, with its report in the same folder unless --report says otherwise. */
export async function mergeCommand(dirs: string[], flags: OutputFlags & { out: string }): Promise<number> {
  const outputs = await prepareOutputs('merge', flags);
  const merged = await mergeResults(dirs, flags.out, catalogueOrder);
  process.stdout.write(`merged ${dirs.length} results folder(s) into ${flags.out}: ${merged.summary.total} scenario(s), ${merged.summary.fail} failed\n`);
  return writeOutputs(outputs, merged, [flags.out]);
}

/** `report DIR... [--out DIR]`: (re-)renders index.html from one or more results folders. */
export async function reportCommand(dirs: string[], flags: OutputFlags): Promise<number> {
  const outputs = await prepareOutputs('report', flags);
  const documents: ResultsDocument[] = [];
  for (const dir of dirs) documents.push(await readResultsDir(dir));
  const [first] = documents;
  if (!first) throw new ResultsDirError('report needs at least one results folder');
  await writeOutputs(outputs, first, dirs);
  return 0;
}
