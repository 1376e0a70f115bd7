// The verdict of one scenario, from what its run left: pure, with no I/O, clock or process state. Every time it
// reports is passed in; the run (run-scenario.ts) measures them.
import type { TlsFailure } from '../../mock-servers/listen.js';
import type { PlayedTurn } from '../../mock-servers/model/server.js';
import { judgeScenario } from '../../scenarios/judge.js';
import { quotedOutput } from '../../scenarios/client-words.js';
import type { RequestedRevision } from '../../scenarios/revision.js';
import type { ResolvedTopology, Scenario, SpecVersion, Trace } from '../../scenarios/types.js';
import { scenarioStatus, withAccount, type ClientRun, type ScenarioResult, type ScenarioTimings } from '../../reports/results.js';
import type { ClientAdapter, ScenarioDrive } from '../clients/types.js';
import { tlsRefusalReason } from '../run-tls.js';
import { agentDriveFailure } from './agent-drive.js';
import type { ClientOutcome, LaunchPlan } from './client-process.js';
import type { Screenshot } from '../user-agent/browser-navigator.js';

/** A scenario's result before anything ran: what is known from the scenario and the run's options alone. */
export type UnstartedResult = Omit<ScenarioResult, 'status' | 'durationMs'>;

export function unstartedResult(scenario: Scenario, asked: SpecVersion, drive: ScenarioDrive | undefined): UnstartedResult {
  return {
    id: scenario.id,
    description: scenario.description,
    suite: scenario.suite,
    specVersion: asked,
    protocolVersion: null,
    userAgent: [],
    trace: { exchanges: [] },
    checks: [],
    ...(drive ? { drive } : {}),
  };
}

/** The client skips the scenario (it cannot run it): nothing is started. */
export function skippedBeforeStart(scenario: Scenario, asked: SpecVersion, reason: string): ScenarioResult {
  return { ...unstartedResult(scenario, asked, undefined), status: 'skip', reason, durationMs: 0 };
}

/** The harness itself failed (a server that would not start, a client adapter that threw): the trace so far, unjudged. */
export function harnessFailure(base: UnstartedResult, error: unknown, trace: Trace, durationMs: number): ScenarioResult {
  return { ...base, status: 'error', reason: `the harness could not run the scenario: ${(error as Error).message}`, trace, durationMs };
}

export function clientRun(plan: LaunchPlan, outcome: ClientOutcome): ClientRun {
  return {
    command: [plan.command, ...plan.args],
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    timedOut: outcome.timedOut,
    ...(outcome.settled !== undefined ? { settled: outcome.settled } : {}),
    durationMs: outcome.durationMs,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
  };
}

/** What the browser and the TLS servers saw besides the trace, for the result; `started` is the scenario's (Date.now()). */
export function seen(
  screenshots: Screenshot[] | undefined,
  tlsFailures: readonly TlsFailure[],
  started: number,
): Pick<ScenarioResult, 'screenshots' | 'tlsErrors'> {
  return {
    ...(screenshots?.length ? { screenshots } : {}),
    ...(tlsFailures.length ? { tlsErrors: tlsFailures.map((f) => ({ at: Math.max(0, f.at - started), origin: f.origin, message: f.message })) } : {}),
  };
}

/** Everything a finished run of a scenario leaves to judge. */
export interface RunEvidence {
  scenario: Scenario;
  topology: ResolvedTopology;
  trace: Trace;
  outcome: ClientOutcome;
  /** The outcome as the result reports it (clientRun). */
  client: ClientRun;
  drive: ScenarioDrive | undefined;
  /** Agent drive: the turns the scripted model played. */
  modelTurns: readonly PlayedTurn[] | undefined;
  tlsFailures: TlsFailure[];
  /** The browser denied consent (--consent deny). */
  consentDenied: boolean;
  /** Where the scenario's time went so far: kept by the verdicts that report it. */
  timings: ScenarioTimings;
}

export interface VerdictOptions {
  specVersion: RequestedRevision;
  strict?: boolean;
  stopsAfterToken?: ClientAdapter['stopsAfterToken'];
  timeoutMs: number;
}

/** The part of a ScenarioResult the verdict decides: what it was judged at, its status, why, its checks and account. */
export type ScenarioVerdict = Pick<ScenarioResult, 'status' | 'checks'> &
  Partial<Pick<ScenarioResult, 'reason' | 'account' | 'timings' | 'specVersion' | 'protocolVersion' | 'revisionNote' | 'preview'>>;

/** What the client said about itself: its error output, else its standard output. */
function said(outcome: ClientOutcome): string {
  return outcome.stderr.trim() ? outcome.stderr : outcome.stdout;
}

/** The account (scenarios/account.ts) of a verdict that did not pass. */
function accounted(verdict: ScenarioVerdict, evidence: RunEvidence): ScenarioVerdict {
  const { account } = withAccount({ ...verdict, trace: evidence.trace, topology: evidence.topology, client: evidence.client });
  return { ...verdict, ...(account ? { account } : {}) };
}

/**
 * The scenario's verdict: a client that could not start is the command's error; otherwise the checks judge the trace,
 * unless the scenario is not for the revision spoken (skip) or the agent drive failed (a harness error).
 */
export function scenarioVerdict(evidence: RunEvidence, options: VerdictOptions): ScenarioVerdict {
  const { outcome, trace } = evidence;
  if (outcome.startError)
    return accounted({ status: 'error', reason: `the client could not start (${outcome.startError}); check the --client command`, checks: [] }, evidence);
  const judgement = judgeScenario({ trace, scenario: evidence.scenario, topology: evidence.topology }, options.specVersion, {
    strict: options.strict,
    ...(evidence.drive !== 'agent' ? { stopsAfterToken: options.stopsAfterToken } : {}),
  });
  const { skipReason, notReached, checks, ...judged } = judgement;
  if (skipReason) return { ...judged, status: 'skip', reason: skipReason, checks };
  const driveFailure = evidence.modelTurns ? agentDriveFailure(trace, evidence.topology, evidence.modelTurns, said(outcome), outcome.settled) : undefined;
  if (driveFailure) return accounted({ ...judged, status: 'error', reason: driveFailure, checks, timings: evidence.timings }, evidence);
  const status = scenarioStatus(checks, notReached);
  const reason = [notReached, runReason(evidence, status, options)].filter(Boolean).join('; ');
  return accounted({ ...judged, status, ...(reason ? { reason } : {}), checks, timings: evidence.timings }, evidence);
}

/** What the run itself says about the verdict: TLS refused (unless it passed), consent denied, a timeout, no request. */
function runReason(evidence: RunEvidence, status: ScenarioResult['status'], options: VerdictOptions): string | undefined {
  const { outcome } = evidence;
  return (
    (status === 'pass' ? undefined : tlsRefusalReason(evidence.tlsFailures)) ??
    (evidence.consentDenied
      ? 'the browser denied consent on the consent page (--consent deny), so the client got error=access_denied and could not reach the MCP server; checks of the completed flow fail by design'
      : undefined) ??
    (outcome.timedOut
      ? `the client did not exit within ${options.timeoutMs} ms and its process group was killed; the verdict is from the traffic it sent (raise --timeout if it needs longer)`
      : !evidence.trace.exchanges.some((ex) => ex.role !== 'model')
        ? `the client exited (code ${outcome.exitCode ?? outcome.signal}) without sending any request; it said: ${quotedOutput(said(outcome))}`
        : undefined)
  );
}
