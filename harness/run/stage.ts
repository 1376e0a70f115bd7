import { performance } from 'node:perf_hooks';
import { Recorder } from '../../mock-servers/recorder.js';
import { startTopology, type RunningTopology } from '../../mock-servers/topology.js';
import type { RunningModelServer } from '../../mock-servers/model/server.js';
import type { ResolvedTopology, Scenario, Trace } from '../../scenarios/types.js';
import type { ScenarioResult, ScenarioTimings } from '../../reports/results.js';
import type { ScenarioDrive } from '../clients/types.js';
import { onCleanup } from '../cleanup.js';
import { interruptedReason, onInterrupt } from '../interrupt.js';
import type { BrowserNavigator } from '../user-agent/browser-navigator.js';
import { HttpNavigator } from '../user-agent/http-navigator.js';
import { UserAgentService } from '../user-agent/service.js';
import type { ClientOutcome, LaunchPlan } from './client-process.js';
import type { RunOptions } from './run-options.js';
import { within } from './settle.js';
import { clientRun, type UnstartedResult } from './verdict.js';
import { settingUpScenario } from './warm-up.js';
import { createWorkspace, type Workspace } from './workspace.js';

/** How long an interrupted scenario waits for its client's end (the run's cleanup kills it) to keep its output. */
const INTERRUPTED_CLIENT_END_MS = 5000;

/** Milliseconds since `since` (performance.now()), to a tenth. */
export const msSince = (since: number) => Math.round((performance.now() - since) * 10) / 10;

/** What a scenario's client runs against: its user agent, servers, folders and, for the agent drive, its model. */
export interface Cast {
  userAgent: UserAgentService;
  /** `--user-agent browser`: the browser's navigator (its screenshots, whether it denied consent). */
  browserNavigator?: BrowserNavigator;
  topology: RunningTopology;
  workspace: Workspace;
  model?: RunningModelServer;
}

/**
 * One scenario's stage from its start to its teardown: the recorder, the timings, the undo list of what was started
 * (also run by the run's cleanup on Ctrl-C), and the interrupt record: what an interrupted scenario returns.
 */
export class Stage {
  readonly recorder = new Recorder();
  readonly setupStarted = performance.now();
  readonly timings: ScenarioTimings = { setupMs: 0, clientMs: 0, judgeMs: 0, teardownMs: 0 };
  private readonly undo: (() => Promise<void>)[] = [];
  private readonly inFlight: { topology?: ResolvedTopology; userAgent?: UserAgentService; plan?: LaunchPlan; running?: Promise<ClientOutcome> } = {};
  private readonly unregisterCleanup = onCleanup(() => this.release());
  private readonly unregisterInterrupt = onInterrupt((signal) => this.interrupted(signal));
  private readonly settingUp = settingUpScenario();

  constructor(
    private readonly base: UnstartedResult,
    /** When the scenario started (Date.now()). */
    private readonly started: number,
  ) {}

  /** The user agent first (the workspace's shims need its URL), then servers, folders and model at once. */
  async setUp(scenario: Scenario, options: Pick<RunOptions, 'browser' | 'tls'>, drive: ScenarioDrive | undefined): Promise<Cast> {
    const mockOrigins = new Set<string>();
    const browserNavigator = options.browser?.navigator(this.recorder, mockOrigins, scenario);
    const userAgent = new UserAgentService(browserNavigator ?? new HttpNavigator(this.recorder, mockOrigins, scenario.userAgent), this.recorder);
    await userAgent.start();
    this.inFlight.userAgent = userAgent;
    this.undo.push(() => userAgent.close());
    const [servers, folders, modelServer] = await Promise.allSettled([
      startTopology(scenario.topology, this.recorder, { tls: options.tls, consentPage: Boolean(options.browser) }).then((running) => {
        this.timings.serversUpMs = msSince(this.setupStarted);
        return running;
      }),
      createWorkspace(userAgent.endpoint),
      // Agent drive: the agent's model is ours, so its MCP session makes tool calls as a user's would.
      // Loaded only then: a run of any other client does not pay for the wire formats' modules.
      drive === 'agent' ? import('../../mock-servers/model/server.js').then((m) => m.startModelServer(this.recorder)) : Promise.resolve(undefined),
    ]);
    for (const started of [servers, folders, modelServer]) if (started.status === 'fulfilled' && started.value) this.undo.push(undoOf(started.value));
    if (servers.status === 'rejected') throw servers.reason;
    if (folders.status === 'rejected') throw folders.reason;
    if (modelServer.status === 'rejected') throw modelServer.reason;
    const topology = servers.value;
    this.inFlight.topology = topology.resolved;
    for (const s of [...topology.resolved.resourceServers, ...topology.resolved.authorizationServers]) mockOrigins.add(s.origin);
    return {
      userAgent,
      ...(browserNavigator ? { browserNavigator } : {}),
      topology,
      workspace: folders.value,
      ...(modelServer.value ? { model: modelServer.value } : {}),
    };
  }

  /** The client is launched: set-up ends here, and an interruption keeps its output. */
  launched(plan: LaunchPlan, running: Promise<ClientOutcome>): void {
    Object.assign(this.inFlight, { plan, running });
    this.settingUp.launched();
  }

  /** Trace times count from the recorder's creation, which is setupStarted to within a tick. */
  timeFirstRequest(trace: Trace): void {
    const firstRequest = trace.exchanges.find((ex) => ex.from === 'client' && ex.role !== 'model');
    if (firstRequest && this.timings.serversUpMs !== undefined) this.timings.firstRequestMs = Math.max(0, firstRequest.at - this.timings.serversUpMs);
  }

  /** Ends what the scenario started; the result already holds `timings`: teardown is filled in before the caller sees it. */
  async tearDown(): Promise<void> {
    this.settingUp.ended();
    const teardown = performance.now();
    await this.release();
    this.unregisterCleanup();
    this.unregisterInterrupt();
    this.timings.teardownMs = msSince(teardown);
  }

  private async release(): Promise<void> {
    const steps = this.undo.splice(0);
    await Promise.allSettled(steps.map((step) => step()));
  }

  /** Interrupted (Ctrl-C, SIGTERM): what was recorded so far, unjudged; the client's output once the cleanup has ended it. */
  private async interrupted(signal: NodeJS.Signals): Promise<ScenarioResult> {
    const { inFlight } = this;
    const outcome = inFlight.running && (await within(inFlight.running, INTERRUPTED_CLIENT_END_MS));
    return {
      ...this.base,
      ...(inFlight.topology ? { topology: inFlight.topology } : {}),
      status: 'interrupted',
      reason: interruptedReason(signal, Date.now() - this.started),
      trace: this.recorder.trace(),
      userAgent: [...(inFlight.userAgent?.events ?? [])],
      ...(outcome && inFlight.plan ? { client: clientRun(inFlight.plan, outcome) } : {}),
      durationMs: Date.now() - this.started,
    };
  }
}

/** How a started server, workspace or model server is undone. */
function undoOf(started: RunningTopology | Workspace | RunningModelServer): () => Promise<void> {
  return 'remove' in started ? () => started.remove() : () => started.close();
}
