// The CLI program: each subcommand's options and action live in harness/commands/; their heavy modules load when used.
import { Command, CommanderError } from 'commander';
import chalk from 'chalk';
import { packageVersion } from './paths.js';
import { UsageError } from './usage-error.js';
import { addBisectCommand } from './commands/bisect.js';
import { addCaptureCommand } from './commands/capture.js';
import { addListCommand } from './commands/list.js';
import { addMergeCommand, addReportCommand } from './commands/results-folders.js';
import { addRunCommand } from './commands/run.js';
import { addServeCommand } from './commands/serve.js';

const EXIT_USAGE = 2;

export function buildProgram(): Command {
  const program = new Command();
  program.name('mcp-oauth-conformance').description('Conformance harness for the OAuth behaviour of MCP clients').version(packageVersion()).exitOverride();
  // In the order the help lists them.
  addRunCommand(program);
  addReportCommand(program);
  addMergeCommand(program);
  addListCommand(program);
  addServeCommand(program);
  addCaptureCommand(program);
  addBisectCommand(program);
  return program;
}

async function main(): Promise<void> {
  // Output piped into `head` and closed early is not an error of the run.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander printed its message already; help and --version end with exit code 0
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`${chalk.red('error:')} ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    process.stderr.write(`${chalk.red('error:')} ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = EXIT_USAGE;
  }
}

await main();
