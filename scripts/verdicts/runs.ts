import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../../harness/paths.js';

// The results folders docs/client-verdicts.md is written from (scripts/client-verdicts.ts), as read here, and what a
// run says: counts, exit code, the command, the protocol versions the client sent.

/** The clients of docs/client-verdicts.md, in order: a folder label and the --client value (`sdk@newest` is resolved). */
export const CLIENT_RUNS: readonly { label: string; client: string }[] = [
  { label: 'opencode-newest', client: 'opencode' },
  { label: 'opencode-1.0.185', client: 'opencode@1.0.185' },
  { label: 'mcp-remote-newest', client: 'mcp-remote' },
  { label: 'claude-code-newest', client: 'claude-code' },
  { label: 'codex-newest', client: 'codex' },
  { label: 'gemini-newest', client: 'gemini' },
  { label: 'sdk-newest', client: 'sdk@newest' },
];
// ---- results.json as read here: every field added after the first release is optional ----

export type Status = 'pass' | 'fail' | 'warn' | 'skip' | 'error';

export interface ResultsCheck {
  id: string;
  title?: string;
  status: 'pass' | 'fail' | 'warn' | 'skip';
  level: 'MUST' | 'SHOULD';
  message: string;
  requirement?: { id: string };
  requirements?: string[];
  evidence?: number[];
  /** Why a failure is reported as a warning (e.g. the interop suite). */
  advisory?: string;
}

export interface ResultsScenario {
  id: string;
  description?: string;
  specVersion: string;
  status: Status;
  reason?: string;
  durationMs?: number;
  checks: ResultsCheck[];
  files?: { trace?: string };
  suite?: string;
  /** What the client sent in initialize, or null. */
  protocolVersion?: string | null;
  /** Judged at a newer revision than the client speaks: not counted in the exit code. */
  preview?: boolean;
  /** Why this revision was judged (negotiated, forced by --spec-version, ...). */
  revisionNote?: string;
  client?: { exitCode?: number | null; timedOut?: boolean };
}

export interface ResultsDocument {
  tool?: { name: string; version: string };
  client: { name: string; description?: string; drive?: string };
  /** A revision, or `auto` (each scenario judged at what the client negotiated). */
  specVersion: string;
  /** --strict: interop and backcompat failures count too. */
  strict?: boolean;
  startedAt?: string;
  durationMs?: number;
  partial?: boolean;
  scenarios: ResultsScenario[];
}

/** What `--run` records beside a client's results. */
export interface RunRecord {
  client: string;
  command: string;
  startedAt: string;
  wallSeconds: number;
  exitCode: number | null;
}

export interface TraceExchange {
  seq: number;
  server: string;
  role: string;
  from?: string;
  method: string;
  url: string;
  status: number;
  requestBody?: string;
  requestHeaders?: Record<string, string>;
}

export interface LoadedRun {
  label: string;
  dir: string;
  results?: ResultsDocument;
  run?: RunRecord;
  /** Why there are no results (no results.json, unreadable). */
  problem?: string;
  /** Exchanges of a scenario's trace, read on demand. */
  trace(scenario: ResultsScenario): TraceExchange[];
}

export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** One client's folder: results.json (when there is one), run.json (when --run wrote it), traces on demand. */
export function loadRun(dir: string, label = basename(dir)): LoadedRun {
  const traces = new Map<string, TraceExchange[]>();
  const resultsFile = join(dir, 'results.json');
  const results = existsSync(resultsFile) ? readJson<ResultsDocument>(resultsFile) : undefined;
  const run = readJson<RunRecord>(join(dir, 'run.json'));
  const problem = results ? undefined : existsSync(resultsFile) ? 'results.json is not valid JSON' : 'no results.json';
  return {
    label,
    dir,
    ...(results ? { results } : {}),
    ...(run ? { run } : {}),
    ...(problem ? { problem } : {}),
    trace(scenario) {
      const file = join(dir, scenario.files?.trace ?? `${scenario.id}@${scenario.specVersion}/trace.json`);
      if (!traces.has(file)) traces.set(file, readJson<{ exchanges?: TraceExchange[] }>(file)?.exchanges ?? []);
      return traces.get(file)!;
    },
  };
}

/** Every client folder below `dir` (a folder holding results.json or run.json), in CLIENT_RUNS order, then by name. */
export function loadRunsIn(dir: string): LoadedRun[] {
  if (!existsSync(dir)) return [];
  const labels = readdirSync(dir, { withFileTypes: true })
    // A label may be a symbolic link to a results folder kept elsewhere (rendering stored rounds under CLIENT_RUNS labels).
    .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && (existsSync(join(dir, e.name, 'results.json')) || existsSync(join(dir, e.name, 'run.json'))))
    .map((e) => e.name);
  const rank = (l: string) => {
    const i = CLIENT_RUNS.findIndex((c) => c.label === l);
    return i < 0 ? CLIENT_RUNS.length : i;
  };
  labels.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return labels.map((l) => loadRun(join(dir, l), l));
}

// ---- what a run says ----

export const clientBase = (name: string) => name.replace(/@[^@/]*$/, '');
export const versionOf = (name: string) => /@([^@/]+)$/.exec(name)?.[1];

/** The protocol version the client sent in initialize: the results' field, else the first initialize in a trace. */
export function protocolVersions(run: LoadedRun): { versions: string[]; fromTrace: boolean } {
  const scenarios = run.results?.scenarios ?? [];
  if (scenarios.some((s) => s.protocolVersion !== undefined)) {
    return { versions: [...new Set(scenarios.map((s) => s.protocolVersion).filter((v): v is string => typeof v === 'string'))], fromTrace: false };
  }
  const found = new Set<string>();
  for (const s of scenarios) {
    const sent = initializeVersion(run.trace(s));
    if (sent) found.add(sent);
  }
  return { versions: [...found], fromTrace: true };
}

function initializeVersion(exchanges: TraceExchange[]): string | undefined {
  for (const ex of exchanges) {
    if (ex.role !== 'resource-server' || ex.method !== 'POST' || !ex.requestBody?.includes('"initialize"')) continue;
    try {
      const body = JSON.parse(ex.requestBody) as
        { method?: string; params?: { protocolVersion?: string } } | { method?: string; params?: { protocolVersion?: string } }[];
      const message = (Array.isArray(body) ? body : [body]).find((m) => m.method === 'initialize');
      if (message?.params?.protocolVersion) return message.params.protocolVersion;
    } catch {
      // a body the trace truncated or that is not JSON: try the next request
    }
  }
  return undefined;
}

export type Counts = Record<Status, number> & { total: number };

export function count(scenarios: readonly ResultsScenario[]): Counts {
  const counts: Counts = { total: scenarios.length, pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
  for (const s of scenarios) counts[s.status] += 1;
  return counts;
}

export const counted = (run: LoadedRun) => (run.results?.scenarios ?? []).filter((s) => !s.preview);
export const previews = (run: LoadedRun) => (run.results?.scenarios ?? []).filter((s) => s.preview);

/** The exit code the run had (run.json), or the harness's rule applied to the scenarios that count. */
export function exitCode(run: LoadedRun): { code: number | null; recorded: boolean } {
  if (run.run) return { code: run.run.exitCode, recorded: true };
  const scenarios = counted(run);
  return { code: scenarios.some((s) => s.status === 'error') ? 2 : scenarios.some((s) => s.status === 'fail') ? 1 : 0, recorded: false };
}

export function command(run: LoadedRun): string {
  if (run.run) return run.run.command;
  const r = run.results;
  return r
    ? `node dist/harness/cli.js --client ${r.client.name} --spec-version ${r.specVersion} --out ${shownPath(run.dir)} (reconstructed from results.json)`
    : '(unknown)';
}

/**
 * A path as docs/client-verdicts.md shows it, never an absolute path of the machine that wrote it: relative to the
 * repository when inside it (conformance-results/verdicts/<label>), else its last two parts (folder and label).
 */
export function shownPath(path: string): string {
  const inside = relative(PACKAGE_ROOT, path);
  if (inside && !inside.startsWith('..') && !isAbsolute(inside)) return inside;
  return join(basename(dirname(path)), basename(path));
}
