import { availableParallelism } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import chalk from 'chalk';
import { SCENARIOS } from '../scenarios/catalogue/index.js';
import { CHECKS } from '../scenarios/checks/index.js';
import { didYouMean } from '../scenarios/closest-name.js';
import { requirementCoverage } from '../scenarios/coverage.js';
import { isSpecVersion, type RequestedRevision } from '../scenarios/revision.js';
import { SPEC_VERSIONS, SUITES, type Scenario, type Suite } from '../scenarios/types.js';
import { type RunResults, type ScenarioResult } from '../reports/results.js';
import { headerLine, idColumnWidth, interruptedLine, scenarioLines, summaryLine } from '../reports/terminal.js';
import { cleanupAll } from './cleanup.js';
import { interruptAll } from './interrupt.js';
import { BUILT_IN_CLIENTS, REAL_CLIENTS, resolveClient } from './clients/index.js';
import { DRIVES, type ClientAdapter, type Drive } from './clients/types.js';
import { packageVersion } from './paths.js';
import { withRetries } from './retries.js';
import { runScenarios } from './runner.js';
import { endSpareWorkers, ISOLATION_MODES, scenarioRunner, type IsolationMode } from './isolation.js';
import { CONSENT_DECISIONS, prepareRunEnvironment, USER_AGENT_KINDS, type UserAgentKind } from './run-environment.js';
import type { ConsentDecision } from './user-agent/browser-navigator.js';
import { finishRunOutputs, mergeCommand, prepareOutputs, reportCommand, type OutputFlags } from './outputs.js';
import { writerOptions } from './report-writers.js';
import { UsageError } from './usage-error.js';
import { parseShard, shardOf, type Shard } from './shard.js';
import type { BisectFlags } from './bisect.js';
import { listTopology, loadTopologyFiles, topologyFileOf } from './topology-file.js';
import { withKnownBugs } from '../scenarios/known-bugs.js';

const EXIT_USAGE = 2;

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/**
 * Scenarios named by --scenario (exact ids or globs) and --suite, in catalogue order. Every revision's scenarios are
 * selected: one that does not belong to the revision a client is judged at runs as a preview of a newer revision.
 */
export function selectScenarios(patterns: string[], suites: Suite[] = [], fromFiles: readonly Scenario[] = []): Scenario[] {
  // With --topology files and no --scenario, the files' scenarios; --scenario selects among the catalogue's and theirs.
  const pool = patterns.length === 0 && fromFiles.length > 0 ? fromFiles : [...SCENARIOS, ...fromFiles];
  const inSuites = suites.length === 0 ? pool : pool.filter((s) => suites.includes(s.suite));
  if (patterns.length === 0) return [...inSuites];
  const selected = new Set<Scenario>();
  for (const pattern of patterns) {
    const regex = globToRegExp(pattern);
    const matches = pool.filter((s) => regex.test(s.id));
    if (matches.length === 0) {
      const hint = /[*?]/.test(pattern)
        ? ''
        : didYouMean(
            pattern,
            pool.map((s) => s.id),
          );
      throw new UsageError(`unknown scenario '${pattern}'${hint}; run 'mcp-oauth-conformance list' to see the scenarios`);
    }
    const fitting = matches.filter((s) => inSuites.includes(s));
    if (fitting.length === 0) {
      throw new UsageError(`scenario '${pattern}' is in suite ${[...new Set(matches.map((s) => s.suite))].join(', ')}, not in --suite ${suites.join(', ')}`);
    }
    for (const s of fitting) selected.add(s);
  }
  return inSuites.filter((s) => selected.has(s));
}

function parseSpecVersion(value: string): RequestedRevision {
  if (value !== 'auto' && !isSpecVersion(value)) throw new InvalidArgumentError(`expected auto or one of ${SPEC_VERSIONS.join(', ')}`);
  return value;
}

function parseSuite(value: string, previous: Suite[]): Suite[] {
  if (!(SUITES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${SUITES.join(', ')}${didYouMean(value, SUITES)}`);
  return [...previous, value as Suite];
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface RunFlags extends OutputFlags {
  shard?: Shard;
  client?: string;
  scenario: string[];
  suite: Suite[];
  strict?: boolean;
  specVersion: RequestedRevision;
  timeout: number;
  out?: string;
  jobs?: number;
  verbose?: boolean;
  userAgent: UserAgentKind;
  tls?: boolean;
  consent: ConsentDecision;
  clientPath?: string;
  drive?: Drive;
  isolation: IsolationMode;
  topology: string[];
  versions?: string;
  retries?: number;
  failOnFlaky?: boolean;
}

/**
 * `--jobs` when none is given. A command client or the reference client spends most of a scenario waiting on the
 * harness's servers, so twice the cores keep the cores busy; the harness's own CPU is the same at any --jobs
 * (docs/benchmarks.md, "--jobs"). Real clients (isolated) start heavy runtimes whose start-up slows under load: one per core.
 */
export function defaultJobs(client: ClientAdapter): number {
  return client.isolate ? availableParallelism() : 2 * availableParallelism();
}

async function run(flags: RunFlags): Promise<number> {
  const fromFiles = await loadTopologyFiles(flags.topology);
  const client = resolveClient(flags.client, flags.clientPath, flags.drive);
  const scenarios = shardOf(selectScenarios(flags.scenario, flags.suite, fromFiles), flags.shard);
  if (flags.consent === 'deny' && flags.userAgent !== 'browser')
    throw new UsageError('--consent deny needs --user-agent browser (only the browser sees a consent page)');
  const outputs = await prepareOutputs('run', flags);
  // Last of the set-up: the install is the slow part, so every cheaper mistake is refused before it.
  await client.prepare?.();
  const environment = await prepareRunEnvironment(flags);
  const startedAt = new Date();
  const results: RunResults = {
    tool: { name: 'mcp-oauth-conformance', version: packageVersion() },
    client: { name: client.name, description: client.description, ...(client.drive ? { drive: client.drive } : {}) },
    specVersion: flags.specVersion,
    ...(flags.strict ? { strict: true } : {}),
    startedAt: startedAt.toISOString(),
    durationMs: 0,
    partial: false,
    scenarios: [],
  };
  process.stdout.write(`${headerLine(results, scenarios.length)}\n`);
  for (const note of environment.notes) process.stdout.write(chalk.gray(`${note}\n`));
  const isolation = scenarioRunner(client, { mode: flags.isolation, userAgent: flags.userAgent, consent: flags.consent, tls: flags.tls });
  if (isolation.note) process.stdout.write(chalk.gray(`${isolation.note}\n`));

  const idWidth = idColumnWidth(scenarios.map((s) => s.id));
  let interrupted: NodeJS.Signals | undefined;
  const retrying = withRetries(isolation.runOne, flags.retries ?? 0, () => interrupted !== undefined);
  const finished: ScenarioResult[] = [];
  const order = (id: string) => scenarios.findIndex((s) => s.id === id);
  const finish = async (): Promise<number> => {
    results.durationMs = Date.now() - startedAt.getTime();
    results.scenarios = finished.sort((a, b) => order(a.id) - order(b.id));
    results.partial = interrupted !== undefined;
    if (interrupted) {
      results.interruptedBy = interrupted === 'SIGINT' ? 'SIGINT' : 'SIGTERM';
      results.notRun = scenarios.filter((s) => !finished.some((r) => r.id === s.id)).map((s) => s.id);
    }
    process.stdout.write(`${summaryLine(results)}\n`);
    const code = await finishRunOutputs(results, outputs, { failOnFlaky: flags.failOnFlaky });
    if (flags.out) process.stdout.write(chalk.gray(`results written to ${flags.out}\n`));
    return interrupted ? (interrupted === 'SIGINT' ? 130 : 143) : code;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    process.stderr.write(chalk.yellow(`\n${signal}: ending the client and the servers, writing the results so far\n`));
    // The scenarios in flight first give up what they recorded (waiting for the cleanup, which ends their clients).
    const partial = interruptAll(signal);
    void cleanupAll()
      .then(() => partial)
      .then((cut) => {
        process.stdout.write(`${interruptedLine(signal, finished.length, scenarios.length)}\n`);
        for (const result of cut.map(retrying.withEarlierAttempts).sort((a, b) => order(a.id) - order(b.id))) {
          finished.push(result);
          process.stdout.write(`${scenarioLines(result, flags.verbose)}\n`);
        }
        const notStarted = scenarios.filter((s) => !finished.some((r) => r.id === s.id));
        if (notStarted.length) process.stdout.write(chalk.gray(`not run: ${notStarted.map((s) => s.id).join(', ')}\n`));
      })
      .then(finish)
      .then((code) => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  await runScenarios(scenarios, {
    client,
    specVersion: flags.specVersion,
    strict: flags.strict,
    timeoutMs: flags.timeout,
    browser: environment.browser,
    tls: environment.tls,
    runOne: retrying.runOne,
    jobs: flags.jobs ?? defaultJobs(client),
    stopped: () => interrupted !== undefined,
    onResult: (result) => {
      if (interrupted) return;
      const topologyFile = topologyFileOf(result.id);
      if (topologyFile) result.topologyFile = topologyFile;
      result.checks = withKnownBugs(client.name, result.id, result.checks);
      finished.push(result);
      process.stdout.write(`${scenarioLines(result, flags.verbose, idWidth)}\n`);
      if (result.status === 'error') process.stderr.write(chalk.magenta(`error: ${result.id}: ${result.reason}\n`));
    },
  });
  await endSpareWorkers();
  if (interrupted) return new Promise(() => {}); // the signal handler exits
  await environment.close();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return finish();
}

const SUITE_MEANING: Record<Suite, string> = {
  core: "the specification's nominal topologies",
  providers: "real identity providers' shapes the discovery rules must handle",
  security: 'negatives: documents and responses the client must refuse',
  interop: 'server quirks beyond the specification: failures are warnings unless --strict',
  backcompat: 'the optional 2025-03-26 fallbacks: failures are warnings unless --strict',
  extensions: 'the authorization extensions (client credentials, enterprise-managed, DPoP, workload identity): a client without one is skipped',
};

async function list(options: { requirements?: boolean; topology: string[] }): Promise<void> {
  if (options.topology.length > 0) return listTopology(await loadTopologyFiles(options.topology), options.topology);
  if (options.requirements) {
    // Covered means judged: a scenario of some revision runs a check naming the requirement, and the check applies there.
    const coverage = requirementCoverage();
    for (const { requirement: req, checks, scenarios, judgedAt, unjudgedAt, uncovered } of coverage) {
      const mark = uncovered ? chalk.red('✘ uncovered') : chalk.green('✔');
      const where = uncovered ? '' : `; judged at ${judgedAt.join(', ')}${unjudgedAt.length ? ` (not ${unjudgedAt.join(', ')})` : ''}`;
      process.stdout.write(`${mark} ${chalk.bold(req.id)} ${req.level} ${req.summary}\n`);
      process.stdout.write(
        chalk.gray(`    checks: ${checks.map((c) => c.id).join(', ') || '-'}; scenarios: ${scenarios.map((s) => s.id).join(', ') || '-'}${where}\n`),
      );
    }
    const uncovered = coverage.filter((c) => c.uncovered).map((c) => c.requirement.id);
    process.stdout.write(
      `${coverage.length} requirements, ${uncovered.length ? chalk.red(`${uncovered.length} uncovered: ${uncovered.join(', ')}`) : chalk.green('none uncovered')}\n`,
    );
    return;
  }
  for (const suite of SUITES) {
    const members = SCENARIOS.filter((s) => s.suite === suite);
    process.stdout.write(chalk.bold(`Suite ${suite}`) + chalk.gray(` (${members.length} scenarios; ${SUITE_MEANING[suite]})\n`));
    for (const s of members) {
      const requirements = [...new Set(s.checks.flatMap((id) => CHECKS.get(id)?.requirements ?? []))];
      process.stdout.write(`  ${chalk.bold(s.id)}  ${s.description}\n`);
      process.stdout.write(chalk.gray(`      specs: ${s.specVersions.join(', ')}; requirements: ${requirements.join(', ')}\n`));
    }
  }
  process.stdout.write(chalk.bold('\nBuilt-in clients\n'));
  for (const c of BUILT_IN_CLIENTS) {
    process.stdout.write(`  ${chalk.bold(c.name)}  ${c.description}\n`);
    const drives = REAL_CLIENTS.find((r) => r.name === c.name)?.drives ?? [];
    for (const [i, drive] of drives.entries()) {
      const what = REAL_CLIENTS.find((r) => r.name === c.name)?.driveDescriptions?.[drive] ?? '';
      process.stdout.write(chalk.gray(`      --drive ${drive}${i === 0 ? ' (default)' : ''}: ${what}\n`));
    }
  }
  process.stdout.write(chalk.gray('  (any other --client value is a command; the MCP server URL is appended or replaces {url})\n'));
}

export function buildProgram(): Command {
  const program = new Command();
  program.name('mcp-oauth-conformance').description('Conformance harness for the OAuth behaviour of MCP clients').version(packageVersion()).exitOverride();

  const specOption = () =>
    new Option(
      '--spec-version <version>',
      `MCP authorization revision to judge against: auto (the protocol version the client negotiates) or ${SPEC_VERSIONS.join(', ')}`,
    )
      .argParser(parseSpecVersion)
      .default('auto');
  const suiteOption = () => new Option('--suite <suite>', `only scenarios of this suite, repeatable (${SUITES.join(', ')})`).argParser(parseSuite).default([]);
  const driveOption = () =>
    new Option(
      '--drive <mode>',
      'agent CLIs: auto (the default where supported: per scenario, agent where the verdict needs the MCP session, login elsewhere), agent (their prompt command against a scripted loopback model, so the MCP session makes tool calls) or login (their MCP login command only); a command client with agent (or auto, where the scenario needs it) gets MCP_CONFORMANCE_MODEL_URL',
    ).choices(DRIVES);
  const strictOption = () => new Option('--strict', 'failures in the interop and backcompat suites fail the run (default: reported as warnings)');

  const runCommand = program
    .command('run', { isDefault: true })
    .description('drive a client through the scenarios and judge what it sent (the default command)')
    .option(
      '--client-path <path>',
      `run this binary of the --client real client instead of installing it (${REAL_CLIENTS.map((c) => (c.name === 'sdk' ? 'for sdk: the SDK package folder' : c.name)).join(', ')})`,
    )
    .addOption(
      new Option(
        '--isolation <mode>',
        'auto: real clients run each scenario in a loopback-only network namespace where possible; namespace: every client, or fail; off: private folders only',
      )
        .choices(ISOLATION_MODES)
        .default('auto'),
    )
    .option(
      '-c, --client <client>',
      `built-in client (${BUILT_IN_CLIENTS.map((c) => c.name).join(', ')}) or a command line; default: reference. Repeatable, or all (every built-in real client at its newest version): one results subfolder and one report row per client`,
      collect,
      [],
    )
    .addOption(driveOption())
    .option('-s, --scenario <id>', 'scenario id or glob, repeatable; default: every scenario', collect, [])
    .addOption(suiteOption())
    .addOption(specOption())
    .addOption(strictOption())
    .addOption(new Option('--timeout <ms>', 'per-scenario client timeout in milliseconds').argParser(parsePositiveInt).default(30_000))
    .addOption(new Option('-j, --jobs <n>', 'scenarios run at once (default: twice the cores; the cores for real clients)').argParser(parsePositiveInt))
    .addOption(
      new Option(
        '--retries <n>',
        'run a scenario that did not pass (fail, warn, error) again, up to n more times, until it passes; one that passes on a retry is flaky',
      )
        .argParser(parseCount)
        .default(0),
    )
    .option('--fail-on-flaky', 'a flaky scenario fails the run (exit 1); by default it is reported and does not')
    .option('-v, --verbose', 'show every check, not only those that did not pass')
    .addOption(
      new Option('--user-agent <kind>', 'who opens the authorization URL: http (fetch, fast) or browser (a real Chromium, consent page, screenshots)')
        .choices(USER_AGENT_KINDS)
        .default('http'),
    )
    .option('--tls', 'serve every mock server over HTTPS with a CA generated for the run; clients get NODE_EXTRA_CA_CERTS and SSL_CERT_FILE')
    .addOption(new Option('--consent <decision>', 'what the browser answers on the consent page').choices(CONSENT_DECISIONS).default('approve'))
    .addOption(new Option('--shard <i/n>', 'run the i-th of n deterministic parts of the selected scenarios').argParser(parseShard))
    .option(
      '--topology <file>',
      "scenarios of your own from a YAML or JSON file (the catalogue's shape); without --scenario only they run; repeatable",
      collect,
      [],
    )
    .option(
      '--versions <versions>',
      'run every version: A,B,C or a semver range ("opencode@>=1.0 <1.2"); one results subfolder and one report row per version',
    );
  // --out, --baseline, --update-baseline, --junit, --report: the outputs' own flags (harness/report-writers.ts)
  for (const option of writerOptions('run')) runCommand.addOption(option);
  // The top-level help is what a user reads first, and `run` is what a bare invocation does: show its options there.
  program.addHelpText('after', () => {
    const options = runCommand.helpInformation().slice(runCommand.helpInformation().indexOf('Options:'));
    return `\nrun is the default command: 'mcp-oauth-conformance [options]' is 'mcp-oauth-conformance run [options]'.\nOptions of run:${options.slice('Options:'.length)}`;
  });
  runCommand.action(async (given: RunFlags) => {
    const clients = runCommand.getOptionValue('client') as string[]; // repeatable: collected into a list
    const flags: RunFlags = { ...given, client: clients[0] };
    // Subcommands' modules load when used: a plain run does not pay for semver, bisect or serve (docs/benchmarks.md).
    if (clients.length > 1 || flags.client === 'all') process.exitCode = await (await import('./several-clients.js')).runClients(clients, flags, run);
    else process.exitCode = flags.versions ? await (await import('./versions.js')).runVersions(flags, run) : await run(flags);
  });

  const report = program
    .command('report')
    .description('render the HTML report (index.html) from one or more results folders, side by side')
    .argument('<results-dir...>', 'folders written by --out');
  for (const option of writerOptions('report')) report.addOption(option);
  report.action(async (dirs: string[], flags: OutputFlags) => {
    process.exitCode = await reportCommand(dirs, flags);
  });

  const merge = program
    .command('merge')
    .description('combine the results folders of shards of one run into one results set and report')
    .argument('<results-dir...>', 'folders written by --out of each shard');
  for (const option of writerOptions('merge')) merge.addOption(option);
  merge.action(async (dirs: string[], flags: OutputFlags & { out: string }) => {
    process.exitCode = await mergeCommand(dirs, flags);
  });

  program
    .command('list')
    .description('list scenarios (with the requirements they cover) and built-in clients')
    .option('--requirements', 'list every requirement with the checks and scenarios that cover it')
    .option('--topology <file>', 'list the scenarios of this topology file instead: what --topology FILE would run; repeatable', collect, [])
    .action(list);

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
      process.exitCode = await (await import('./serve.js')).serveScenario(scenario, flags.specVersion, flags.strict);
    });

  program
    .command('capture')
    .description(
      "read a live MCP deployment's discovery (GETs and one unauthenticated initialize; never registers, authorizes or sends a credential) and write a topology file that replays it on loopback",
    )
    .argument('<mcp-url>', "the MCP server's URL")
    .option('-o, --out <file>', 'the topology file to write; default: the host, e.g. mcp.example.com.yaml')
    .option('--id <id>', "the scenario's id in the file; default: captured-<host>")
    .option('-H, --header <line>', "'Name: value' sent with every request (e.g. a gateway's API key); never printed or written; repeatable", collect, [])
    .option('--ca <file>', 'PEM certificates to trust besides the system ones (a private CA)')
    .addOption(new Option('--timeout <ms>', 'per request; the whole capture gets four times this').argParser(parsePositiveInt).default(10_000))
    .addOption(new Option('--max-requests <n>', 'requests in all, redirect hops included').argParser(parsePositiveInt).default(40))
    .action(async (url: string, flags: { out?: string; id?: string; header: string[]; ca?: string; timeout: number; maxRequests: number }) => {
      process.exitCode = await (await import('./capture/command.js')).captureCommand(url, flags);
    });

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
      process.exitCode = await (await import('./bisect.js')).bisectCommand(flags, scenarios, run);
    });

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
