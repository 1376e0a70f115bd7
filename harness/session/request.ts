import { availableParallelism } from 'node:os';
import type { RequestedRevision } from '../../scenarios/revision.js';
import type { Scenario } from '../../scenarios/types.js';
import type { OutputFlags } from '../../reports/writer.js';
import type { ClientAdapter } from '../clients/types.js';
import type { IsolationMode } from '../run/isolation.js';
import type { ConsentDecision } from '../user-agent/browser-navigator.js';
import type { UserAgentKind } from './environment.js';

/**
 * One session: one client driven through the selected scenarios, judged and written out. What `run`, each client of
 * `--client A --client B` and `--client all`, each version of `--versions` and each probe of `bisect` build from their
 * flags; every check of a flag (a scenario that does not exist, a client that cannot be named) is theirs, before it.
 */
export interface SessionRequest {
  /** Resolved, not yet prepared: its install is the session's last set-up step, after every cheaper refusal. */
  client: ClientAdapter;
  /** In the order they are reported: catalogue order, already narrowed to the shard. */
  scenarios: Scenario[];
  specVersion: RequestedRevision;
  strict: boolean;
  /** Per scenario, for the client to finish. */
  timeoutMs: number;
  /** Scenarios run at once. */
  jobs: number;
  isolation: IsolationMode;
  userAgent: UserAgentKind;
  tls: boolean;
  consent: ConsentDecision;
  /** Attempts after the first for a scenario that did not pass (harness/session/retries.ts). */
  retries: number;
  /** A flaky scenario fails the session (exit 1). */
  failOnFlaky: boolean;
  /** Print every check, not only those that did not pass. */
  verbose: boolean;
  /** The output writers' flags (--out, --report, --junit, --baseline, ...: harness/outputs/writers.ts), as they parse them. */
  outputs: OutputFlags;
}

/** A request before its client is chosen: what several sessions of one command share. */
export type SessionTemplate = Omit<SessionRequest, 'client'>;

/**
 * `--jobs` when none is given: one scenario per core, for every client. More than the cores bought no wall time and cost
 * CPU: with twice the cores, the same command client's 14 flows took 7.5 s of CPU against 7.0 at the cores and 6.1 one
 * at a time (clients starting at once on shared cores), for a longer wall (docs/benchmarks.md, "Current numbers").
 */
export function defaultJobs(): number {
  return availableParallelism();
}
