import { performance } from 'node:perf_hooks';
import { officialScenarioName } from '../../scenarios/official-parity.js';
import type { Scenario, SpecVersion } from '../../scenarios/types.js';
import { tlsTrustEnv } from '../run-tls.js';
import { runClient, type ClientOutcome, type LaunchPlan, type SettleProbe } from './client-process.js';
import type { RunOptions } from './run-options.js';
import { msSince, type Cast, type Stage } from './stage.js';

/**
 * The client's command for this scenario, from its adapter, and the environment the client contract gives it
 * (README, "Client contract"): the scenario's name, the revision asked for, the context and every MCP URL.
 */
export async function launchPlan(scenario: Scenario, options: Pick<RunOptions, 'client' | 'tls'>, asked: SpecVersion, cast: Cast): Promise<LaunchPlan> {
  const { topology, workspace, model } = cast;
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
  return options.client.plan({
    scenario,
    specVersion: asked,
    mcpUrl,
    workspace,
    env,
    ...(options.tls ? { tls: { caFile: options.tls.caFile } } : {}),
    ...(model ? { model: { origin: model.origin, name: model.name } } : {}),
  });
}

/** Launches the client and waits until it has exited or been ended (its timeout, or `settle` said its verdict is settled). */
export async function driveClient(stage: Stage, plan: LaunchPlan, timeoutMs: number, settle: SettleProbe): Promise<ClientOutcome> {
  stage.timings.setupMs = msSince(stage.setupStarted);
  const launched = performance.now();
  const running = runClient(plan, timeoutMs, settle);
  stage.launched(plan, running);
  const outcome = await running;
  stage.timings.clientMs = msSince(launched);
  return outcome;
}
