import { Option } from 'commander';
import { bugReportWriter } from '../../reports/bug-report.js';
import { githubWriter } from '../../reports/github.js';
import { htmlWriter } from '../../reports/html/render.js';
import { resultsWriter } from '../../reports/results-folder.js';
import { junitWriter } from '../../reports/junit.js';
import type { OutputCommand, OutputOptions, ReportWriter } from '../../reports/writer.js';
import { baselineGate } from './baseline-gate.js';

/**
 * Every writer of `run`, `merge` and `report`, in the order they are written: the results folder first (the HTML
 * report reads it). The baseline gate is no writer: it judges before any writer runs, and each writer shows its
 * verdict (reports/disposition.ts). A new format is one module exporting a ReportWriter (reports/writer.ts) and one
 * line here.
 */
const WRITERS: ReportWriter[] = [resultsWriter, junitWriter, bugReportWriter, htmlWriter, githubWriter];

export const REPORT_WRITERS: readonly ReportWriter[] = WRITERS;

/** Adds a writer after the built-in ones, for code that embeds the harness (and for tests); the CLI lists its own above. */
export function registerReportWriter(writer: ReportWriter): void {
  if (WRITERS.some((w) => w.name === writer.name)) throw new Error(`a report writer named ${writer.name} is registered already`);
  WRITERS.push(writer);
}

/** The writers a command runs, in registry order. */
export function writersOf(command: OutputCommand): ReportWriter[] {
  return WRITERS.filter((w) => w.commands.includes(command));
}

/** Everything that offers output flags to a command: its writers, the baseline gate after the results folder. */
export function outputsOf(command: OutputCommand): OutputOptions[] {
  const [first, ...rest] = writersOf(command);
  const gate = baselineGate.commands.includes(command) ? [baselineGate] : [];
  return first ? [first, ...gate, ...rest] : gate;
}

/** A command's output flags, as commander options (commander refuses two writers claiming one flag). */
export function writerOptions(command: OutputCommand): Option[] {
  return outputsOf(command).flatMap((writer) =>
    writer.options.flatMap((spec) => {
      const help = spec.help[command];
      if (help === undefined) return [];
      const option = new Option(spec.flags, help);
      if (spec.requiredIn?.includes(command)) option.makeOptionMandatory();
      return [option];
    }),
  );
}
