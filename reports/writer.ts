import type { GateResult } from './baseline.js';
import type { ResultsDocument } from './results-document.js';
import type { RunResults } from './results.js';

// What every output of `run`, `merge` and `report` has in common (results folder, HTML report, JUnit, baseline gate,
// GitHub Actions): its flags and a write function over the results document. The registry that lists them is
// harness/outputs/writers.ts; the CLI builds each command's options from it, and harness/outputs/run-outputs.ts loops over it.

/** The commands that write outputs: a run, a merge of shards, the report command. */
export type OutputCommand = 'run' | 'merge' | 'report';

/** One command-line flag of an output. */
export interface WriterOption {
  /** commander's syntax, e.g. `--junit <file>`, `-o, --out <dir>`, `--update-baseline`. */
  flags: string;
  /** Help text for each command that offers the flag; a command left out does not offer it. */
  help: Partial<Record<OutputCommand, string>>;
  /** Commands where the flag must be given. */
  requiredIn?: readonly OutputCommand[];
  /**
   * The flag names a path this output writes: created and probed for writing before anything runs
   * (harness/outputs/paths.ts). `onlyWith`: written only when that other flag is set too (--baseline with --update-baseline).
   */
  writes?: { kind: 'folder' | 'file'; onlyWith?: string };
}

/** Parsed values of the outputs' flags, by commander's camelCase name (`out`, `junit`, `updateBaseline`, …). */
export type OutputFlags = Readonly<Record<string, unknown>>;

/** A flag's value when it is text (a file or folder), else undefined. */
export function textFlag(flags: OutputFlags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

export interface OutputRequest {
  command: OutputCommand;
  flags: OutputFlags;
}

export interface WriteContext<Prepared = unknown> extends OutputRequest {
  /** results.json of the run or the merge (for `report`: of the first results folder). */
  document: ResultsDocument;
  /** `run` only: the results with traces, output and screenshots, which the document leaves out. */
  results?: RunResults;
  /** Folders holding results.json and the scenario folders (none when a run writes no results folder). */
  resultsDirs: string[];
  /** The baseline gate's verdict when the command was given --baseline: every writer sees it (reports/disposition.ts). */
  gate?: GateResult;
  /** What this writer's prepare() returned. */
  prepared: Prepared;
}

/**
 * What every output of a command declares: its flags and, before anything runs, a check of them. The report writers
 * extend it; so does the baseline gate (harness/outputs/baseline-gate.ts), which decides the verdict and writes no report.
 */
export interface OutputOptions<Prepared = unknown> {
  /** Short name, e.g. `junit`. */
  name: string;
  /** What it writes or decides, in one line. */
  description: string;
  /** The commands it belongs to; its flags are offered there (see WriterOption.help). */
  commands: readonly OutputCommand[];
  options: readonly WriterOption[];
  /**
   * Before anything runs (scenarios, a merge): checks the flags and loads what it needs, so a bad flag or file
   * is a usage error (exit 2) and not a wasted run. Throw a UsageError to refuse.
   */
  prepare?(request: OutputRequest): Promise<Prepared>;
}

/** One output: adding a format is one module exporting a ReportWriter and one line in the registry. */
export interface ReportWriter<Prepared = unknown> extends OutputOptions<Prepared> {
  /** Writes the output when its flags ask for it; how each check counts is reports/disposition.ts's, given the gate. */
  write(context: WriteContext<Prepared>): Promise<void>;
}
