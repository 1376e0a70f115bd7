import chalk from 'chalk';
import type { RunResults, ScenarioResult } from '../../reports/results.js';
import { idColumnWidth, interruptedLine, scenarioLines, summaryLine } from '../../reports/terminal.js';
import { textFlag } from '../../reports/writer.js';
import { withKnownBugs } from '../../scenarios/known-bugs.js';
import { cleanupAll } from '../cleanup.js';
import { interruptAll } from '../interrupt.js';
import { finishRunOutputs, type PreparedOutputs } from '../outputs/run-outputs.js';
import { packageVersion } from '../paths.js';
import { topologyFileOf } from '../topology-file.js';
import { withRetries } from './retries.js';
import type { SessionRequest } from './request.js';

/** The results document of a session before its first scenario finishes. */
export function emptyResults(request: SessionRequest, startedAt: Date): RunResults {
  const { client } = request;
  return {
    tool: { name: 'mcp-oauth-conformance', version: packageVersion() },
    client: { name: client.name, description: client.description, ...(client.drive ? { drive: client.drive } : {}) },
    specVersion: request.specVersion,
    ...(request.strict ? { strict: true } : {}),
    startedAt: startedAt.toISOString(),
    durationMs: 0,
    partial: false,
    scenarios: [],
  };
}

/** The scenarios finished so far, printed as they come, and the session's ending: complete, or cut short by a signal. */
export class SessionProgress {
  interrupted: NodeJS.Signals | undefined;
  readonly retrying: ReturnType<typeof withRetries>;
  private readonly finished: ScenarioResult[] = [];
  private readonly idWidth: number;
  private readonly startedAt: number;

  constructor(
    private readonly request: SessionRequest,
    private readonly results: RunResults,
    private readonly outputs: PreparedOutputs,
    runOne: Parameters<typeof withRetries>[0],
  ) {
    this.startedAt = Date.parse(results.startedAt);
    this.idWidth = idColumnWidth(request.scenarios.map((s) => s.id));
    this.retrying = withRetries(runOne, request.retries, () => this.interrupted !== undefined);
  }

  private order(id: string): number {
    return this.request.scenarios.findIndex((s) => s.id === id);
  }

  record(result: ScenarioResult): void {
    if (this.interrupted) return;
    const topologyFile = topologyFileOf(result.id);
    if (topologyFile) result.topologyFile = topologyFile;
    result.checks = withKnownBugs(this.request.client.name, result.id, result.checks);
    this.finished.push(result);
    process.stdout.write(`${scenarioLines(result, this.request.verbose, this.idWidth)}\n`);
    if (result.status === 'error') process.stderr.write(chalk.magenta(`error: ${result.id}: ${result.reason}\n`));
  }

  async finish(): Promise<number> {
    const { results, finished, interrupted, request } = this;
    results.durationMs = Date.now() - this.startedAt;
    results.scenarios = finished.sort((a, b) => this.order(a.id) - this.order(b.id));
    results.partial = interrupted !== undefined;
    if (interrupted) {
      results.interruptedBy = interrupted === 'SIGINT' ? 'SIGINT' : 'SIGTERM';
      results.notRun = request.scenarios.filter((s) => !finished.some((r) => r.id === s.id)).map((s) => s.id);
    }
    process.stdout.write(`${summaryLine(results)}\n`);
    const code = await finishRunOutputs(results, this.outputs, { failOnFlaky: request.failOnFlaky });
    const out = textFlag(request.outputs, 'out');
    if (out) process.stdout.write(chalk.gray(`results written to ${out}\n`));
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
    const { finished, request } = this;
    const scenarios = request.scenarios;
    process.stdout.write(`${interruptedLine(signal, finished.length, scenarios.length)}\n`);
    for (const result of cut.map(this.retrying.withEarlierAttempts).sort((a, b) => this.order(a.id) - this.order(b.id))) {
      finished.push(result);
      process.stdout.write(`${scenarioLines(result, request.verbose)}\n`);
    }
    const notStarted = scenarios.filter((s) => !finished.some((r) => r.id === s.id));
    if (notStarted.length) process.stdout.write(chalk.gray(`not run: ${notStarted.map((s) => s.id).join(', ')}\n`));
  }
}
