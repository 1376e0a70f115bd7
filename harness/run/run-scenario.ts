import { performance } from 'node:perf_hooks';
import { LATEST_SPEC_VERSION, type Scenario, type SpecVersion } from '../../scenarios/types.js';
import type { ScenarioResult } from '../../reports/results.js';
import { scenarioDrive } from './agent-drive.js';
import { driveClient, launchPlan } from './drive-client.js';
import type { RunOptions } from './run-options.js';
import { settleProbe, userAgentSettled } from './settle.js';
import { msSince, Stage, type Cast } from './stage.js';
import { clientRun, harnessFailure, scenarioVerdict, seen, skippedBeforeStart, unstartedResult, type UnstartedResult } from './verdict.js';
import type { ClientOutcome, LaunchPlan } from './client-process.js';

/**
 * Runs one scenario: stage (its user agent, servers, folders), drive (the client, until it exits or its verdict
 * is settled), settle (the user agent's last visit), verdict (the checks over what was recorded); then tears the stage down.
 */
export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const forced = options.specVersion === 'auto' ? undefined : options.specVersion;
  // The revision the client is asked to speak where it can be told (the reference client); real clients speak their own.
  const asked: SpecVersion = forced ?? LATEST_SPEC_VERSION;
  const skipReason = options.client.skipReason?.(scenario);
  if (skipReason) return skippedBeforeStart(scenario, asked, skipReason);
  const drive = scenarioDrive(options.client, scenario);
  const base = unstartedResult(scenario, asked, drive);
  const stage = new Stage(base, started);
  try {
    const cast = await stage.setUp(scenario, options, drive);
    const plan = await launchPlan(scenario, options, asked, cast);
    const probe = settleProbe(stage.recorder, cast.userAgent, scenario, cast.topology.resolved, cast.model);
    const outcome = await driveClient(stage, plan, options.timeoutMs, probe);
    const exited = performance.now();
    await userAgentSettled(cast.userAgent);
    const result = judgedResult(scenario, options, { stage, cast, base, plan, outcome, started });
    stage.timings.judgeMs = msSince(exited);
    return { ...result, durationMs: Date.now() - started };
  } catch (error) {
    return harnessFailure(base, error, stage.recorder.trace(), Date.now() - started);
  } finally {
    await stage.tearDown();
  }
}

/** The result of a scenario whose client has run, but its duration: what was recorded, and the verdict over it. */
function judgedResult(
  scenario: Scenario,
  options: RunOptions,
  run: { stage: Stage; cast: Cast; base: UnstartedResult; plan: LaunchPlan; outcome: ClientOutcome; started: number },
): Omit<ScenarioResult, 'durationMs'> {
  const { stage, cast, outcome } = run;
  const trace = stage.recorder.trace();
  stage.timeFirstRequest(trace);
  const client = clientRun(run.plan, outcome);
  const tlsFailures = cast.topology.tlsFailures();
  const topology = cast.topology.resolved;
  const evidence = {
    ...run.base,
    topology,
    trace,
    client,
    userAgent: [...cast.userAgent.events],
    ...seen(cast.browserNavigator?.screenshots, tlsFailures, run.started),
  };
  const verdict = scenarioVerdict(
    {
      scenario,
      topology,
      trace,
      outcome,
      client,
      drive: run.base.drive,
      modelTurns: cast.model?.turns,
      tlsFailures,
      consentDenied: cast.browserNavigator?.denied ?? false,
      timings: stage.timings,
    },
    { specVersion: options.specVersion, strict: options.strict, stopsAfterToken: options.client.stopsAfterToken, timeoutMs: options.timeoutMs },
  );
  return { ...evidence, ...verdict };
}
