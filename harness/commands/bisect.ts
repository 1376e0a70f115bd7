import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import type { BisectFlags } from '../bisect/probe.js';
import { BUILT_IN_CLIENTS } from '../clients/index.js';
import { ISOLATION_MODES } from '../run/isolation.js';
import { loadTopologyFiles } from '../topology-file.js';
import { UsageError } from '../usage-error.js';
import { collect, driveOption, parsePositiveInt, specOption, strictOption } from './options.js';
import { selectScenarios } from './select.js';

export function addBisectCommand(program: Command): void {
  program
    .command('bisect')
    .description('find the release of a real client that broke (or fixed) a scenario: binary search over its published versions')
    .requiredOption(
      '-c, --client <name>',
      `a built-in real client (${BUILT_IN_CLIENTS.filter((c) => c.name !== 'reference')
        .map((c) => c.name)
        .join(', ')})`,
    )
    .option('--good <version>', 'a version where the scenario passes; default: the published version farthest from --bad (the newest when neither is given)')
    .option('--bad <version>', 'a version where it fails; default: the published version farthest from --good (the oldest when neither is given)')
    .option('-s, --scenario <id>', 'scenario id or glob, repeatable: a version is bad when one of them fails', collect, [])
    .option('--check <id>', 'judge by this check alone (fail or warn = bad) instead of the scenario verdict')
    .addOption(driveOption())
    .option('--pre-releases', 'include pre-release versions between the ends')
    .option('-o, --out <dir>', 'one results folder per probed version, bisect.json and index.html here; default: conformance-results/bisect-NAME')
    .addOption(
      new Option('--max-installs <n>', 'most versions probed (each installed once into the cache); default: ceil(log2(n))+2').argParser(parsePositiveInt),
    )
    .addOption(specOption())
    .addOption(strictOption())
    .addOption(new Option('--timeout <ms>', 'per-scenario client timeout in milliseconds').argParser(parsePositiveInt).default(30_000))
    .addOption(new Option('-j, --jobs <n>', 'scenarios run at once').argParser(parsePositiveInt).default(availableParallelism()))
    .addOption(new Option('--isolation <mode>', 'as for run').choices(ISOLATION_MODES).default('auto'))
    .option('--topology <file>', 'a topology file whose scenarios -s may name; repeatable', collect, [])
    .option('--junit <name>', "write JUnit XML into each probed version's results folder under this file name")
    .action(async (flags: BisectFlags) => {
      if (flags.scenario.length === 0) throw new UsageError('bisect needs -s SCENARIO: the scenario whose verdict decides good or bad');
      const scenarios = selectScenarios(flags.scenario, [], await loadTopologyFiles(flags.topology));
      // Loaded when used: a plain run does not pay for semver and the registries (docs/benchmarks.md).
      process.exitCode = await (await import('../bisect/probe.js')).bisectCommand(flags, scenarios);
    });
}
