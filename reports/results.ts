import { stopAccount, type StopAccount } from '../scenarios/account.js';
import { compareRevisions, type RequestedRevision } from '../scenarios/revision.js';
import type { ResolvedTopology, SpecVersion, Suite, Trace, Verdict } from '../scenarios/types.js';

/**
 * A scenario's verdict. Besides the judged ones: `interrupted` (the run was stopped by a signal while the scenario ran:
 * what it recorded is kept, nothing is judged) and `flaky` (with --retries, attempts disagreed: one passed, another not).
 */
export type ScenarioStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'error' | 'interrupted' | 'flaky';

export interface ClientRun {
  command: string[];
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Set when the harness ended the client because the scenario's verdict was settled (see docs/decisions.md): why. */
  settled?: string;
  durationMs: number;
  stdout: string;
  stderr: string;
}

export interface UserAgentRecord {
  at: number;
  kind: string;
  url: string;
  detail: string;
}

/** Where a scenario's time went; setup, judge and teardown are the harness's own overhead. */
export interface ScenarioTimings {
  /** From scenario start until the client was launched: servers, user agent, workspace. */
  setupMs: number;
  /** From launch until the client had exited and its output was closed. */
  clientMs: number;
  /** From client exit until the verdict: user agent settling, trace, checks. */
  judgeMs: number;
  /** Closing servers and the user agent, removing the workspace. */
  teardownMs: number;
  /** From scenario start until every mock server was listening. */
  serversUpMs?: number;
  /** From the servers being up until the client's first request reached one of them (absent when it sent none): its start-up. */
  firstRequestMs?: number;
  /** In a namespace worker: from the worker process's start until its modules were loaded (Node and the harness's). */
  workerStartMs?: number;
  /** In a namespace worker: the CPU time it spent loading them. */
  workerStartCpuMs?: number;
  /** In a namespace worker: how long the scenario waited for its worker to be loaded; 0 when it was started ahead. */
  workerWaitMs?: number;
  /** In a namespace worker: all the CPU time the worker itself spent, start-up, servers and verdict (its client excluded). */
  workerCpuMs?: number;
}

export interface ScenarioResult {
  id: string;
  description: string;
  suite: Suite;
  /** The revision the checks were judged at. */
  specVersion: SpecVersion;
  /** The protocol version the client sent (initialize, header or _meta), or null when it sent none. */
  protocolVersion: string | null;
  /** Why this revision: negotiated, forced by --spec-version, or the newest for a client that never said. */
  revisionNote?: string;
  /**
   * Judged at a newer revision than the client speaks, because the scenario belongs only to newer revisions:
   * shown as "ready for <revision>?", never counted in the exit code.
   */
  preview?: boolean;
  /** How an agent CLI was driven in this scenario (with `--drive auto`, chosen per scenario by scenarios/session.ts). */
  drive?: 'agent' | 'login';
  /** The --topology file a user-defined scenario came from; absent for the catalogue's. */
  topologyFile?: string;
  status: ScenarioStatus;
  /** Why the scenario was skipped, or what went wrong in the harness for status error. */
  reason?: string;
  /** Did not pass: the first deviation (headline), the client's last step, how it ended and what it said. */
  account?: StopAccount;
  durationMs: number;
  checks: Verdict[];
  topology?: ResolvedTopology;
  trace: Trace;
  client?: ClientRun;
  userAgent: UserAgentRecord[];
  timings?: ScenarioTimings;
  /** PNG screenshots the browser user agent took (consent page, callback page); written beside the trace. */
  screenshots?: { name: string; png: Buffer }[];
  /** TLS handshakes the client broke off (with --tls), e.g. because it does not trust the run's CA. */
  tlsErrors?: TlsErrorRecord[];
  /**
   * With --retries, when the scenario ran more than once: every attempt, in order (see attemptsResult in
   * harness/session/retries.ts). Each attempt's trace and output are written to a folder of its own.
   */
  attempts?: ScenarioResult[];
  /** With `attempts`: which of them (1-based) this result shows. */
  attempt?: number;
}

export interface TlsErrorRecord {
  /** Milliseconds since the scenario started. */
  at: number;
  /** The mock server whose certificate was refused. */
  origin: string;
  message: string;
}

export interface RunResults {
  tool: { name: string; version: string };
  /**
   * `drive`: how an agent CLI was driven (agent: its prompt command against the scripted model server; login: its MCP
   * login command; auto: per scenario, see each scenario's `drive`).
   */
  client: { name: string; description: string; drive?: 'auto' | 'agent' | 'login' };
  /** What --spec-version asked for: a revision, or `auto` (each scenario is judged at what the client negotiated). */
  specVersion: RequestedRevision;
  /** --strict: interop and backcompat failures count too. */
  strict?: boolean;
  startedAt: string;
  durationMs: number;
  /** True when the run was interrupted and these are the results written so far. */
  partial: boolean;
  /** The signal that interrupted the run. */
  interruptedBy?: 'SIGINT' | 'SIGTERM';
  scenarios: ScenarioResult[];
  /** An interrupted run's selected scenarios that never started, in run order. */
  notRun?: string[];
}

/**
 * A scenario the client never reached (every check skipped: `notReached` from judgeScenario) is skipped; otherwise it
 * fails on a failed MUST, warns on a failed SHOULD, passes otherwise.
 */
/** The account of a scenario that did not pass (scenarios/account.ts); none for a pass, which needs no explaining. */
export function withAccount<R extends Pick<ScenarioResult, 'status' | 'checks' | 'trace' | 'topology' | 'client'>>(result: R): R & { account?: StopAccount } {
  if (result.status === 'pass') return result;
  return { ...result, account: stopAccount({ trace: result.trace, topology: result.topology, checks: result.checks, client: result.client }) };
}

export function scenarioStatus(checks: Verdict[], notReached?: string): ScenarioStatus {
  if (notReached) return 'skip';
  if (checks.some((c) => c.status === 'fail')) return 'fail';
  if (checks.some((c) => c.status === 'warn')) return 'warn';
  return 'pass';
}

type Counted = { status: ScenarioStatus; preview?: boolean };

/** Counts of the judged scenarios by status; previews are counted apart and in none of the others. */
export function summarize(
  scenarios: readonly Counted[],
): Record<ScenarioStatus, number> & { total: number; preview: Record<ScenarioStatus, number> & { total: number } } {
  const tally = (list: readonly Counted[]) => {
    const counts = { total: list.length, pass: 0, fail: 0, warn: 0, skip: 0, error: 0, interrupted: 0, flaky: 0 };
    for (const s of list) counts[s.status] += 1;
    return counts;
  };
  return { ...tally(scenarios.filter((s) => !s.preview)), preview: tally(scenarios.filter((s) => s.preview)) };
}

/** The revisions the counted scenarios were judged at, oldest first; previews judge newer ones and are left out. */
export function judgedRevisions(scenarios: readonly { specVersion: string; preview?: boolean }[]): string[] {
  return [...new Set(scenarios.filter((s) => !s.preview).map((s) => s.specVersion))].sort(compareRevisions);
}

/** `--fail-on-flaky`: a flaky scenario (attempts that disagreed under --retries) fails the run; by default it does not. */
export interface ExitPolicy {
  failOnFlaky?: boolean;
}

/**
 * Exit code of a run: 2 when the harness could not do its job, 1 when a MUST failed (or, with `failOnFlaky`, a
 * scenario was flaky), 0 otherwise. Previews never count; an interrupted run exits 130/143 whatever this says.
 */
export function exitCodeOf(scenarios: readonly Counted[], policy: ExitPolicy = {}): number {
  if (scenarios.some((s) => s.status === 'error')) return 2;
  if (scenarios.some((s) => !s.preview && (s.status === 'fail' || (policy.failOnFlaky && s.status === 'flaky')))) return 1;
  return 0;
}
