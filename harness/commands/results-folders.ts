// report and merge: both read results folders written by --out.
import type { Command } from 'commander';
import { mergeCommand, reportCommand, type OutputFlags } from '../outputs/run-outputs.js';
import { writerOptions } from '../outputs/writers.js';

export function addReportCommand(program: Command): void {
  const report = program
    .command('report')
    .description('render the HTML report (index.html) from one or more results folders, side by side')
    .argument('<results-dir...>', 'folders written by --out');
  for (const option of writerOptions('report')) report.addOption(option);
  report.action(async (dirs: string[], flags: OutputFlags) => {
    process.exitCode = await reportCommand(dirs, flags);
  });
}

export function addMergeCommand(program: Command): void {
  const merge = program
    .command('merge')
    .description('combine the results folders of shards of one run into one results set and report')
    .argument('<results-dir...>', 'folders written by --out of each shard');
  for (const option of writerOptions('merge')) merge.addOption(option);
  merge.action(async (dirs: string[], flags: OutputFlags & { out: string }) => {
    process.exitCode = await mergeCommand(dirs, flags);
  });
}
