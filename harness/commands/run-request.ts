// `run`'s flags read into session requests: one, one per client (--client A --client B, --client all) or one per
// version (--versions). Every refusal of a flag comes before the first session starts.
import type { RequestedRevision } from '../../scenarios/revision.js';
import type { Scenario, Suite } from '../../scenarios/types.js';
import { resolveClient } from '../clients/index.js';
import type { Drive } from '../clients/types.js';
import type { IsolationMode } from '../run/isolation.js';
import type { OutputFlags } from '../outputs/run-outputs.js';
import { defaultJobs, type SessionTemplate } from '../session/request.js';
import type { UserAgentKind } from '../session/environment.js';
import { runSession } from '../session/run-session.js';
import { loadTopologyFiles } from '../topology-file.js';
import type { ConsentDecision } from '../user-agent/browser-navigator.js';
import { UsageError } from '../usage-error.js';
import { selectScenarios } from './select.js';
import { shardOf, type Shard } from './shard.js';

/** The options of `run` as commander parses them (the writers' own flags among them). */
export interface RunFlags extends OutputFlags {
  shard?: Shard;
  client?: string;
  scenario: string[];
  suite: Suite[];
  strict?: boolean;
  specVersion: RequestedRevision;
  timeout: number;
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
 * `run`: `clients` are the --client values (repeatable), `outputKeys` the writers' flags. The modules of several
 * clients and of --versions load when used: a plain run does not pay for semver and the registries (docs/benchmarks.md).
 */
export async function runAction(flags: RunFlags, clients: string[], outputKeys: readonly string[]): Promise<number> {
  const several = clients.length > 1 || flags.client === 'all' ? await import('../session/several-clients.js') : undefined;
  const versions = !several && flags.versions ? await import('../session/versions.js') : undefined;
  several?.refuseSeveralClientsFlags(flags);
  versions?.refuseVersionsFlags(flags);
  const fromFiles = await loadTopologyFiles(flags.topology);
  const client = several || versions ? undefined : resolveClient(flags.client, flags.clientPath, flags.drive);
  const template = sessionTemplate(flags, outputKeys, fromFiles);
  if (several) return several.runClients(clients, template, flags.drive);
  if (versions) return versions.runVersions(flags.versions!, flags.client, template, flags.drive);
  return runSession({ ...template, client: client! });
}

/** What every session of the command shares: the selected scenarios (of the shard) and the flags they run with. */
function sessionTemplate(flags: RunFlags, outputKeys: readonly string[], fromFiles: readonly Scenario[]): SessionTemplate {
  const scenarios = shardOf(selectScenarios(flags.scenario, flags.suite, fromFiles), flags.shard);
  if (flags.consent === 'deny' && flags.userAgent !== 'browser')
    throw new UsageError('--consent deny needs --user-agent browser (only the browser sees a consent page)');
  return {
    scenarios,
    specVersion: flags.specVersion,
    strict: flags.strict === true,
    timeoutMs: flags.timeout,
    jobs: flags.jobs ?? defaultJobs(),
    isolation: flags.isolation,
    userAgent: flags.userAgent,
    tls: flags.tls === true,
    consent: flags.consent,
    retries: flags.retries ?? 0,
    failOnFlaky: flags.failOnFlaky === true,
    verbose: flags.verbose === true,
    outputs: Object.fromEntries(outputKeys.filter((key) => flags[key] !== undefined).map((key) => [key, flags[key]])),
  };
}
