import type { Command } from 'commander';
import type { RequestedRevision } from '../../scenarios/revision.js';
import { loadTopologyFiles } from '../topology-file.js';
import { UsageError } from '../usage-error.js';
import { collect, specOption, strictOption } from './options.js';
import { selectScenarios } from './select.js';

export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description("start a scenario's servers, print their URLs, record until Ctrl-C, then print the verdicts")
    .requiredOption('-s, --scenario <id>', 'scenario id')
    .addOption(specOption())
    .addOption(strictOption())
    .option('--topology <file>', 'a topology file whose scenario -s may name; repeatable', collect, [])
    .action(async (flags: { scenario: string; specVersion: RequestedRevision; strict?: boolean; topology: string[] }) => {
      const [scenario, ...more] = selectScenarios([flags.scenario], [], await loadTopologyFiles(flags.topology));
      if (!scenario || more.length > 0) throw new UsageError(`serve takes one scenario; '${flags.scenario}' names ${1 + more.length}`);
      // Loaded when used, like every subcommand's module: a plain run does not pay for it (docs/benchmarks.md).
      process.exitCode = await (await import('../session/serve.js')).serveSession({ scenario, specVersion: flags.specVersion, strict: flags.strict === true });
    });
}
