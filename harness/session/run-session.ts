// One session: set-up, the scenarios as they finish, and the results written at the end or at Ctrl-C/SIGTERM with
// what was recorded so far. The one entry of every command that drives clients: run, several clients, --versions, bisect.
import chalk from 'chalk';
import { headerLine } from '../../reports/terminal.js';
import { endSpareWorkers, scenarioRunner } from '../run/isolation.js';
import { runScenarios } from '../run/run-scenarios.js';
import { prepareOutputs, type PreparedOutputs } from '../outputs/run-outputs.js';
import { prepareRunEnvironment, type RunEnvironment } from './environment.js';
import { SessionProgress, emptyResults } from './progress.js';
import type { SessionRequest } from './request.js';

export type { SessionRequest, SessionTemplate } from './request.js';

/** Runs the request's scenarios against its client; resolves to the exit code (an interrupted session exits from its signal handler). */
export async function runSession(request: SessionRequest): Promise<number> {
  const { client, scenarios } = request;
  const { outputs, environment } = await prepareSession(request);
  const results = emptyResults(request, new Date());
  process.stdout.write(`${headerLine(results, scenarios.length)}\n`);
  for (const note of environment.notes) process.stdout.write(chalk.gray(`${note}\n`));
  const isolation = scenarioRunner(client, { mode: request.isolation, userAgent: request.userAgent, consent: request.consent, tls: request.tls });
  if (isolation.note) process.stdout.write(chalk.gray(`${isolation.note}\n`));

  const progress = new SessionProgress(request, results, outputs, isolation.runOne);
  const onSignal = (signal: NodeJS.Signals) => progress.interrupt(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await runScenarios(scenarios, {
    client,
    specVersion: request.specVersion,
    strict: request.strict,
    timeoutMs: request.timeoutMs,
    browser: environment.browser,
    tls: environment.tls,
    runOne: progress.retrying.runOne,
    jobs: request.jobs,
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
async function prepareSession(request: SessionRequest): Promise<{ outputs: PreparedOutputs; environment: RunEnvironment }> {
  const outputs = await prepareOutputs('run', { ...request.outputs, failOnFlaky: request.failOnFlaky });
  // Last of the set-up: the install is the slow part, so every cheaper mistake is refused before it.
  await request.client.prepare?.();
  const environment = await prepareRunEnvironment(request);
  return { outputs, environment };
}
