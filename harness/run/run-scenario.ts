import { performance } from 'node:perf_hooks';
import { Recorder } from '../../mock-servers/recorder.js';
import type { TlsFailure } from '../../mock-servers/listen.js';
import { startTopology } from '../../mock-servers/topology.js';
import type { RunningModelServer } from '../../mock-servers/model/server.js';
import { isEchoTool } from '../../mock-servers/model/script.js';
import { judgeScenario } from '../../scenarios/judge.js';
import { officialScenarioName } from '../../scenarios/official-parity.js';
import { settlement } from '../../scenarios/settled.js';
import { issuedAccessTokens } from '../../scenarios/trace.js';
import type { RequestedRevision } from '../../scenarios/revision.js';
import { LATEST_SPEC_VERSION, type ResolvedTopology, type Scenario, type SpecVersion } from '../../scenarios/types.js';
import { quotedOutput } from '../../scenarios/client-words.js';
import { scenarioStatus, withAccount, type ClientRun, type ScenarioResult, type ScenarioTimings } from '../../reports/results.js';
import { agentDriveFailure, scenarioDrive } from './agent-drive.js';
import { onCleanup } from '../cleanup.js';
import { runClient, type ClientOutcome, type LaunchPlan, type SettleProbe } from './client-process.js';
import { interruptedReason, onInterrupt } from '../interrupt.js';
import type { ClientAdapter } from '../clients/types.js';
import { tlsRefusalReason, tlsTrustEnv, type RunTls } from '../run-tls.js';
import type { BrowserUserAgent } from '../user-agent/browser.js';
import { HttpNavigator } from '../user-agent/http-navigator.js';
import type { Screenshot } from '../user-agent/browser-navigator.js';
import { UserAgentService } from '../user-agent/service.js';
import { warmUpOnce } from './warm-up.js';
import { createWorkspace } from './workspace.js';

/** How long the user agent may still be busy once the client has exited (it may be mid-redirect). */
const USER_AGENT_SETTLE_MS = 5000;
/** How long an interrupted scenario waits for its client's end (the run's cleanup kills it) to keep its output. */
const INTERRUPTED_CLIENT_END_MS = 5000;

/**
 * Quiet periods before a client that has not exited is ended (docs/decisions.md, "Settled scenarios"): silence
 * after the last expected request was answered (`done`), and silence at any other point (`open`: a dead end the
 * client waits in, such as a callback that never comes). Each is at least QUIET_FACTOR times the longest silence
 * between two exchanges of this trace so far, so a client slowed down by a loaded machine gets longer.
 */
export const QUIET_DONE_MS = 2000;
export const QUIET_OPEN_MS = 5000;
const QUIET_FACTOR = 3;

/** Scenarios between their start and their client's launch: the one-time warm-up waits until none is, so it delays no set-up. */
let settingUp = 0;

export interface RunOptions {
  client: ClientAdapter;
  /** A revision to judge every client at, or `auto`: the revision each client negotiates. */
  specVersion: RequestedRevision;
  /** Failures in the interop and backcompat suites fail the run too. */
  strict?: boolean;
  timeoutMs: number;
  /** `--user-agent browser`: the run's Chromium; without it the fetch-based user agent. */
  browser?: BrowserUserAgent;
  /** `--tls`: the run's CA and server certificate. */
  tls?: RunTls;
  /**
   * Runs one scenario somewhere else (a namespace worker, behind a fixed-port queue); default: runScenario here.
   * `queue.waiting`: how many scenarios of the run have yet to start.
   */
  runOne?: (scenario: Scenario, options: RunOptions, queue?: { waiting: number }) => Promise<ScenarioResult>;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref())]);
}

/** What the browser and the TLS servers saw besides the trace, for the result. */
function seen(screenshots: Screenshot[] | undefined, tlsFailures: TlsFailure[], started: number): Pick<ScenarioResult, 'screenshots' | 'tlsErrors'> {
  return {
    ...(screenshots?.length ? { screenshots } : {}),
    ...(tlsFailures.length ? { tlsErrors: tlsFailures.map((f) => ({ at: Math.max(0, f.at - started), origin: f.origin, message: f.message })) } : {}),
  };
}

/**
 * The runner's half of "settled": the scenario says whether the trace so far is done or decided (scenarios/settled.ts);
 * this adds the clock. Nothing is ended for quiet while the user agent is mid-visit, nor before the client's first request.
 */
function settleProbe(
  recorder: Recorder,
  userAgent: UserAgentService,
  scenario: Scenario,
  topology: ResolvedTopology,
  model: RunningModelServer | undefined,
): SettleProbe {
  let seen = 0;
  let lastChange = performance.now();
  let longestGap = 0;
  return () => {
    const trace = recorder.trace();
    const count = trace.exchanges.length;
    if (count !== seen) {
      // Only the gaps the new exchanges opened: the earlier ones were counted at an earlier poll.
      for (let i = Math.max(1, seen); i < count; i++) longestGap = Math.max(longestGap, trace.exchanges[i]!.at - trace.exchanges[i - 1]!.at);
      seen = count;
      lastChange = performance.now();
    }
    if (count === 0) return undefined;
    let verdict = settlement(trace, scenario, topology);
    if (verdict.state === 'decided') return verdict.why;
    // An agent's authorized request is not its last: the tool call the model asks for follows. It is done once the
    // model has given its final answer after every tool result (agents then exit by themselves).
    if (
      verdict.state === 'done' &&
      model &&
      !model.turns.some((t) => t.turn.kind === 'text' && t.conversation.calls.length > 0 && t.conversation.calls.every((c) => c.answered))
    )
      verdict = { state: 'open' };
    if (userAgent.busy) return undefined;
    // An agent holding a token that has not asked its model for a turn with the MCP tools yet (a title or a side check
    // does not count) is between its login and its prompt command, starting
    // a large runtime in silence: no quiet period ends it before its first model turn (a driver that never gets there
    // runs to the timeout and is reported as a harness error). Before a token, a silent login is a dead end as ever.
    if (model && !model.turns.some((t) => t.conversation.tools.some(isEchoTool)) && issuedAccessTokens(trace, topology).length > 0) return undefined;
    const quiet = Math.max(verdict.state === 'done' ? QUIET_DONE_MS : QUIET_OPEN_MS, QUIET_FACTOR * longestGap);
    const silent = performance.now() - lastChange;
    if (silent < quiet) return undefined;
    const after = verdict.state === 'done' ? `${verdict.why}, then` : 'the flow went';
    return `${after} quiet for ${Math.round(silent)} ms (quiet period ${Math.round(quiet)} ms)`;
  };
}

function clientRun(plan: LaunchPlan, outcome: ClientOutcome): ClientRun {
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

/** Starts the scenario's servers, drives the client through them, and judges what they recorded. */
export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const forced = options.specVersion === 'auto' ? undefined : options.specVersion;
  // The revision the client is asked to speak where it can be told (the reference client); real clients speak their own.
  const asked: SpecVersion = forced ?? LATEST_SPEC_VERSION;
  const unstarted = {
    id: scenario.id,
    description: scenario.description,
    suite: scenario.suite,
    specVersion: asked,
    protocolVersion: null,
    userAgent: [],
    trace: { exchanges: [] },
    checks: [],
  };
  const skipReason = options.client.skipReason?.(scenario);
  if (skipReason) return { ...unstarted, status: 'skip', reason: skipReason, durationMs: 0 };
  const drive = scenarioDrive(options.client, scenario);
  const base = { ...unstarted, ...(drive ? { drive } : {}) };

  const recorder = new Recorder();
  const setupStarted = performance.now();
  const ms = (since: number) => Math.round((performance.now() - since) * 10) / 10;
  const timings: ScenarioTimings = { setupMs: 0, clientMs: 0, judgeMs: 0, teardownMs: 0 };
  const undo: (() => Promise<void>)[] = [];
  const release = async () => {
    const steps = undo.splice(0);
    await Promise.allSettled(steps.map((step) => step()));
  };
  const unregister = onCleanup(release);
  // Interrupted (Ctrl-C, SIGTERM): what was recorded so far, unjudged; the client's output once the cleanup has ended it.
  const inFlight: { topology?: ResolvedTopology; userAgent?: UserAgentService; plan?: LaunchPlan; running?: Promise<ClientOutcome> } = {};
  const unregisterInterrupt = onInterrupt(async (signal) => {
    const outcome = inFlight.running && (await within(inFlight.running, INTERRUPTED_CLIENT_END_MS));
    return {
      ...base,
      ...(inFlight.topology ? { topology: inFlight.topology } : {}),
      status: 'interrupted',
      reason: interruptedReason(signal, Date.now() - started),
      trace: recorder.trace(),
      userAgent: [...(inFlight.userAgent?.events ?? [])],
      ...(outcome && inFlight.plan ? { client: clientRun(inFlight.plan, outcome) } : {}),
      durationMs: Date.now() - started,
    };
  });
  settingUp += 1;
  let setUp = false;
  const doneSettingUp = () => {
    if (!setUp) settingUp -= 1;
    setUp = true;
  };
  try {
    // The user agent first (the workspace's shims need its URL), then servers and folders at once.
    const mockOrigins = new Set<string>();
    const browserNavigator = options.browser?.navigator(recorder, mockOrigins, scenario);
    const userAgent = new UserAgentService(browserNavigator ?? new HttpNavigator(recorder, mockOrigins, scenario.userAgent), recorder);
    await userAgent.start();
    inFlight.userAgent = userAgent;
    undo.push(() => userAgent.close());
    const [servers, folders, modelServer] = await Promise.allSettled([
      startTopology(scenario.topology, recorder, { tls: options.tls, consentPage: Boolean(options.browser) }).then((running) => {
        timings.serversUpMs = ms(setupStarted);
        return running;
      }),
      createWorkspace(userAgent.endpoint),
      // Agent drive: the agent's model is ours, so its MCP session makes tool calls as a user's would.
      // Loaded only then: a run of any other client does not pay for the wire formats' modules.
      drive === 'agent' ? import('../../mock-servers/model/server.js').then((m) => m.startModelServer(recorder)) : Promise.resolve(undefined),
    ]);
    if (servers.status === 'fulfilled') undo.push(() => servers.value.close());
    if (folders.status === 'fulfilled') undo.push(() => folders.value.remove());
    if (modelServer.status === 'fulfilled' && modelServer.value) {
      const started: RunningModelServer = modelServer.value;
      undo.push(() => started.close());
    }
    if (servers.status === 'rejected') throw servers.reason;
    if (folders.status === 'rejected') throw folders.reason;
    if (modelServer.status === 'rejected') throw modelServer.reason;
    const model = modelServer.value;
    const topology = servers.value;
    inFlight.topology = topology.resolved;
    const workspace = folders.value;
    for (const s of [...topology.resolved.resourceServers, ...topology.resolved.authorizationServers]) mockOrigins.add(s.origin);

    const mcpUrl = topology.resolved.resourceServers[0]!.mcpUrl;
    // As the official suite does: the revision a client that can speak several should negotiate.
    // The official name where there is one (README, "Client contract"), so clients written to that contract run; ours beside it.
    const name = officialScenarioName(scenario.id) ?? scenario.id;
    const env: NodeJS.ProcessEnv = {
      ...workspace.env,
      MCP_CONFORMANCE_SCENARIO: name,
      MCP_CONFORMANCE_SCENARIO_ID: scenario.id,
      MCP_CONFORMANCE_PROTOCOL_VERSION: asked,
    };
    if (options.tls) Object.assign(env, tlsTrustEnv(options.tls));
    const context = { ...scenario.context, ...topology.context };
    if (Object.keys(context).length > 0) env.MCP_CONFORMANCE_CONTEXT = JSON.stringify({ name, scenario_id: scenario.id, ...context });
    // Scenarios with several MCP servers: the first is the command's argument, and every one is listed here.
    const mcpUrls = topology.resolved.resourceServers.map((rs) => rs.mcpUrl);
    if (mcpUrls.length > 1) env.MCP_CONFORMANCE_MCP_URLS = JSON.stringify(mcpUrls);
    const plan = await options.client.plan({
      scenario,
      specVersion: asked,
      mcpUrl,
      workspace,
      env,
      ...(options.tls ? { tls: { caFile: options.tls.caFile } } : {}),
      ...(model ? { model: { origin: model.origin, name: model.name } } : {}),
    });
    timings.setupMs = ms(setupStarted);
    const launched = performance.now();
    const running = runClient(plan, options.timeoutMs, settleProbe(recorder, userAgent, scenario, topology.resolved, model));
    Object.assign(inFlight, { plan, running });
    doneSettingUp();
    if (settingUp === 0) warmUpOnce();
    const outcome = await running;
    timings.clientMs = ms(launched);
    const exited = performance.now();
    await within(userAgent.idle(), USER_AGENT_SETTLE_MS);

    const trace = recorder.trace();
    // Trace times count from the recorder's creation, which is setupStarted to within a tick.
    const firstRequest = trace.exchanges.find((ex) => ex.from === 'client' && ex.role !== 'model');
    if (firstRequest && timings.serversUpMs !== undefined) timings.firstRequestMs = Math.max(0, firstRequest.at - timings.serversUpMs);
    const client = clientRun(plan, outcome);
    const common = {
      ...base,
      topology: topology.resolved,
      trace,
      client,
      userAgent: [...userAgent.events],
      ...seen(browserNavigator?.screenshots, topology.tlsFailures(), started),
    };
    if (outcome.startError) {
      return withAccount({
        ...common,
        status: 'error',
        reason: `the client could not start (${outcome.startError}); check the --client command`,
        checks: [],
        durationMs: Date.now() - started,
      });
    }
    const judgement = judgeScenario({ trace, scenario, topology: topology.resolved }, options.specVersion, {
      strict: options.strict,
      ...(drive !== 'agent' ? { stopsAfterToken: options.client.stopsAfterToken } : {}),
    });
    timings.judgeMs = ms(exited);
    const { skipReason, notReached, checks, ...judged } = judgement;
    if (skipReason) return { ...common, ...judged, status: 'skip', reason: skipReason, durationMs: Date.now() - started };
    const driveFailure = model
      ? agentDriveFailure(trace, topology.resolved, model.turns, outcome.stderr.trim() ? outcome.stderr : outcome.stdout, outcome.settled)
      : undefined;
    if (driveFailure) return withAccount({ ...common, ...judged, status: 'error', reason: driveFailure, checks, durationMs: Date.now() - started, timings });
    const status = scenarioStatus(checks, notReached);
    const tlsReason = status === 'pass' ? undefined : tlsRefusalReason(topology.tlsFailures());
    const denied = browserNavigator?.denied
      ? 'the browser denied consent on the consent page (--consent deny), so the client got error=access_denied and could not reach the MCP server; checks of the completed flow fail by design'
      : undefined;
    const runReason =
      tlsReason ??
      denied ??
      (outcome.timedOut
        ? `the client did not exit within ${options.timeoutMs} ms and its process group was killed; the verdict is from the traffic it sent (raise --timeout if it needs longer)`
        : !trace.exchanges.some((ex) => ex.role !== 'model')
          ? `the client exited (code ${outcome.exitCode ?? outcome.signal}) without sending any request; it said: ${quotedOutput(outcome.stderr.trim() ? outcome.stderr : outcome.stdout)}`
          : undefined);
    const reason = [notReached, runReason].filter(Boolean).join('; ');
    return withAccount({
      ...common,
      ...judged,
      status,
      ...(reason ? { reason } : {}),
      checks,
      durationMs: Date.now() - started,
      timings,
    });
  } catch (error) {
    return {
      ...base,
      status: 'error',
      reason: `the harness could not run the scenario: ${(error as Error).message}`,
      trace: recorder.trace(),
      durationMs: Date.now() - started,
    };
  } finally {
    doneSettingUp();
    const teardown = performance.now();
    await release();
    unregister();
    unregisterInterrupt();
    // The result already holds this object: teardown is filled in before the caller sees it.
    timings.teardownMs = ms(teardown);
  }
}

/** Runs scenarios with at most `jobs` at once; each has its own ports and folders. Results keep the given order. */
export async function runScenarios(
  scenarios: Scenario[],
  options: RunOptions & { jobs: number; onResult?: (result: ScenarioResult) => void; stopped?: () => boolean },
): Promise<ScenarioResult[]> {
  const results = new Array<ScenarioResult | undefined>(scenarios.length);
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length && !options.stopped?.()) {
      const index = next++;
      const scenario = scenarios[index];
      if (!scenario) break;
      const result = await (options.runOne ?? runScenario)(scenario, options, { waiting: scenarios.length - next });
      results[index] = result;
      options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, scenarios.length)) }, worker));
  return results.filter((r): r is ScenarioResult => r !== undefined);
}
