import chalk from 'chalk';
import { Recorder } from '../../mock-servers/recorder.js';
import { startTopology } from '../../mock-servers/topology.js';
import { judgeScenario } from '../../scenarios/judge.js';
import type { Scenario } from '../../scenarios/types.js';
import { exitCodeOf, scenarioStatus, withAccount, type ScenarioResult } from '../../reports/results.js';
import { scenarioLines } from '../../reports/terminal.js';
import type { SessionRequest } from './request.js';

// `serve`: a session whose client is a person. It shares the request's judging fields and the scenario selection of
// `run`, not runSession: there is no client to resolve, install, isolate or time out, and the session ends at Ctrl-C.

/** One scenario, judged like a session's. */
export interface ServeRequest extends Pick<SessionRequest, 'specVersion' | 'strict'> {
  scenario: Scenario;
}

/** Keeps a scenario's topology up for a client driven by hand; on Ctrl-C judges what was recorded. */
export async function serveSession({ scenario, specVersion, strict }: ServeRequest): Promise<number> {
  const recorder = new Recorder();
  const topology = await startTopology(scenario.topology, recorder);
  const started = Date.now();
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(chalk.bold(`Serving ${scenario.id}`) + chalk.gray(` (spec ${specVersion}): ${scenario.description}`));
  for (const rs of topology.resolved.resourceServers) {
    out(`  MCP server ${rs.id}: ${chalk.bold(rs.mcpUrl)}`);
    for (const url of rs.prmUrls) out(chalk.gray(`    protected resource metadata: ${url}`));
  }
  for (const as of topology.resolved.authorizationServers) {
    out(`  authorization server ${as.id}: issuer ${as.issuer}`);
    for (const url of Object.values(as.metadataUrls)) out(chalk.gray(`    metadata: ${url}`));
  }
  if (scenario.context) out(`  pre-registered credentials: ${JSON.stringify(scenario.context)}`);
  if (Object.keys(topology.context).length > 0) out(`  MCP_CONFORMANCE_CONTEXT values of this run: ${JSON.stringify(topology.context)}`);
  out(chalk.gray('Point your client at the MCP server URL; the authorization endpoint approves every valid request. Ctrl-C to stop and judge.'));

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  await topology.close();
  const trace = recorder.trace();
  const judgement = judgeScenario({ trace, scenario, topology: topology.resolved }, specVersion, { strict });
  const common = {
    id: scenario.id,
    description: scenario.description,
    suite: scenario.suite,
    durationMs: Date.now() - started,
    topology: topology.resolved,
    trace,
    userAgent: [],
  };
  const { skipReason, notReached, ...judged } = judgement;
  const result: ScenarioResult = skipReason
    ? { ...common, ...judged, status: 'skip', reason: skipReason }
    : withAccount({ ...common, ...judged, status: scenarioStatus(judged.checks, notReached), ...(notReached ? { reason: notReached } : {}) });
  out(`\n${signal}: ${trace.exchanges.length} request(s) recorded`);
  out(scenarioLines(result, true));
  return exitCodeOf([result]);
}
