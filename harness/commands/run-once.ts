// One run of one client over the selected scenarios: set-up, the scenarios as they finish, and the results written
// at the end or at Ctrl-C/SIGTERM with what was recorded so far.
import { availableParallelism } from 'node:os';
import chalk from 'chalk';
import type { RequestedRevision } from '../../scenarios/revision.js';
import type { Scenario, Suite } from '../../scenarios/types.js';
import { type RunResults, type ScenarioResult } from '../../reports/results.js';
import { headerLine, idColumnWidth, interruptedLine, scenarioLines, summaryLine } from '../../reports/terminal.js';
import { cleanupAll } from '../cleanup.js';
import { interruptAll } from '../interrupt.js';
import { resolveClient } from '../clients/index.js';
import type { ClientAdapter, Drive } from '../clients/types.js';
import { packageVersion } from '../paths.js';
import { withRetries } from '../retries.js';
import { runScenarios } from '../run/run-scenarios.js';
import { endSpareWorkers, scenarioRunner, type IsolationMode } from '../run/isolation.js';
import { prepareRunEnvironment, type RunEnvironment, type UserAgentKind } from '../run-environment.js';
import type { ConsentDecision } from '../user-agent/browser-navigator.js';
import { finishRunOutputs, prepareOutputs, type OutputFlags, type PreparedOutputs } from '../outputs.js';
import { UsageError } from '../usage-error.js';
import { shardOf, type Shard } from '../shard.js';
import { loadTopologyFiles, topologyFileOf } from '../topology-file.js';
import { withKnownBugs } from '../../scenarios/known-bugs.js';
import { selectScenarios } from './select.js';

export interface RunFlags extends OutputFlags {
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
 * `--jobs` when none is given: one scenario per core, for every client. More than the cores bought no wall time and cost
 * CPU: with twice the cores, the same command client's 14 flows took 7.5 s of CPU against 7.0 at the cores and 6.1 one
 * at a time (clients starting at once on shared cores), for a longer wall (docs/benchmarks.md, "Current numbers").
 */
export function defaultJobs(): number {
  return availableParallelism();
}

export async function run(flags: RunFlags): Promise<number> {
  const { client, scenarios, outputs, environment } = await prepareRun(flags);
  const startedAt = new Date();
  const results = emptyResults(client, flags, startedAt);
  process.stdout.write(`${headerLine(results, scenarios.length)}\n`);
  for (const note of environment.notes) process.stdout.write(chalk.gray(`${note}\n`));
  const isolation = scenarioRunner(client, { mode: flags.isolation, userAgent: flags.userAgent, consent: flags.consent, tls: flags.tls });
  if (isolation.note) process.stdout.write(chalk.gray(`${isolation.note}\n`));

  const progress = new RunProgress(flags, client, scenarios, results, outputs, isolation.runOne);
  const onSignal = (signal: NodeJS.Signals) => progress.interrupt(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await runScenarios(scenarios, {
    client,
    specVersion: flags.specVersion,
    strict: flags.strict,
    timeoutMs: flags.timeout,
    browser: environment.browser,
    tls: environment.tls,
    runOne: progress.retrying.runOne,
    jobs: flags.jobs ?? defaultJobs(),
    stopped: () => progress.interrupted !== undefined,
    onResult: (result) => progress.record(result),
  });
  await endSpareWorkers();
  if (progress.interrupted) return new Promise(() => {}); // the signal handler exits
  await environment.close();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return progress.finish();
}

/** Everything refused or installed before the first scenario starts. */
async function prepareRun(flags: RunFlags): Promise<{ client: ClientAdapter; scenarios: Scenario[]; outputs: PreparedOutputs; environment: RunEnvironment }> {
  const fromFiles = await loadTopologyFiles(flags.topology);
  const client = resolveClient(flags.client, flags.clientPath, flags.drive);
  const scenarios = shardOf(selectScenarios(flags.scenario, flags.suite, fromFiles), flags.shard);
  if (flags.consent === 'deny' && flags.userAgent !== 'browser')
    throw new UsageError('--consent deny needs --user-agent browser (only the browser sees a consent page)');
  const outputs = await prepareOutputs('run', flags);
  // Last of the set-up: the install is the slow part, so every cheaper mistake is refused before it.
  await client.prepare?.();
  const environment = await prepareRunEnvironment(flags);
  return { client, scenarios, outputs, environment };
}

function emptyResults(client: ClientAdapter, flags: RunFlags, startedAt: Date): RunResults {
  return {
    tool: { name: 'mcp-oauth-conformance', version: packageVersion() },
    client: { name: client.name, description: client.description, ...(client.drive ? { drive: client.drive } : {}) },
    specVersion: flags.specVersion,
    ...(flags.strict ? { strict: true } : {}),
    startedAt: startedAt.toISOString(),
    durationMs: 0,
    partial: false,
    scenarios: [],
  };
}

/** The scenarios finished so far, printed as they come, and the run's ending: complete, or cut short by a signal. */
class RunProgress {
  interrupted: NodeJS.Signals | undefined;
  readonly retrying: ReturnType<typeof withRetries>;
  private readonly finished: ScenarioResult[] = [];
  private readonly idWidth: number;
  private readonly startedAt: number;

  constructor(
    private readonly flags: RunFlags,
    private readonly client: ClientAdapter,
    private readonly scenarios: Scenario[],
    private readonly results: RunResults,
    private readonly outputs: PreparedOutputs,
    runOne: Parameters<typeof withRetries>[0],
  ) {
    this.startedAt = Date.parse(results.startedAt);
    this.idWidth = idColumnWidth(scenarios.map((s) => s.id));
    this.retrying = withRetries(runOne, flags.retries ?? 0, () => this.interrupted !== undefined);
  }

  private order(id: string): number {
    return this.scenarios.findIndex((s) => s.id === id);
  }

  record(result: ScenarioResult): void {
    if (this.interrupted) return;
    const topologyFile = topologyFileOf(result.id);
    if (topologyFile) result.topologyFile = topologyFile;
    result.checks = withKnownBugs(this.client.name, result.id, result.checks);
    this.finished.push(result);
    process.stdout.write(`${scenarioLines(result, this.flags.verbose, this.idWidth)}\n`);
    if (result.status === 'error') process.stderr.write(chalk.magenta(`error: ${result.id}: ${result.reason}\n`));
  }

  async finish(): Promise<number> {
    const { results, finished, interrupted, flags } = this;
    results.durationMs = Date.now() - this.startedAt;
    results.scenarios = finished.sort((a, b) => this.order(a.id) - this.order(b.id));
    results.partial = interrupted !== undefined;
    if (interrupted) {
      results.interruptedBy = interrupted === 'SIGINT' ? 'SIGINT' : 'SIGTERM';
      results.notRun = this.scenarios.filter((s) => !finished.some((r) => r.id === s.id)).map((s) => s.id);
    }
    process.stdout.write(`${summaryLine(results)}\n`);
    const code = await finishRunOutputs(results, this.outputs, { failOnFlaky: flags.failOnFlaky });
    if (flags.out) process.stdout.write(chalk.gray(`results written to ${flags.out}\n`));
    return interrupted ? (interrupted === 'SIGINT' ? 130 : 143) : code;
  }

  /** Ctrl-C or SIGTERM: end the clients and servers, print what the scenarios in flight recorded, write the results, exit. */
  interrupt(signal: NodeJS.Signals): void {
    if (this.interrupted) return;
    this.interrupted = signal;
    process.stderr.write(chalk.yellow(`\n${signal}: ending the client and the servers, writing the results so far\n`));
    // The scenarios in flight first give up what they recorded (waiting for the cleanup, which ends their clients).
    const partial = interruptAll(signal);
    void cleanupAll()
      .then(() => partial)
      .then((cut) => this.printCut(signal, cut))
      .then(() => this.finish())
      .then((code) => process.exit(code));
  }

  private printCut(signal: NodeJS.Signals, cut: ScenarioResult[]): void {
    const { finished, scenarios } = this;
    process.stdout.write(`${interruptedLine(signal, finished.length, scenarios.length)}\n`);
    for (const result of cut.map(this.retrying.withEarlierAttempts).sort((a, b) => this.order(a.id) - this.order(b.id))) {
      finished.push(result);
      process.stdout.write(`${scenarioLines(result, this.flags.verbose)}\n`);
    }
    const notStarted = scenarios.filter((s) => !finished.some((r) => r.id === s.id));
    if (notStarted.length) process.stdout.write(chalk.gray(`not run: ${notStarted.map((s) => s.id).join(', ')}\n`));
  }
}
