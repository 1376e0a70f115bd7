// Writes docs/client-verdicts.md: for each real client's results folder, every scenario that did not pass, with each
// failed check, its level at the revision judged, the sentence of the specification that makes it a MUST or SHOULD
// (scenarios/requirement-quotes.ts), and the requests that violated it (the check's message and its evidence
// exchanges from trace.json). With --before, also a before/after table per client.
//
//   node dist/scripts/client-verdicts.js [RESULTS_DIR...] [--results DIR] [--before DIR] [--out FILE]
//   node dist/scripts/client-verdicts.js --run [--results DIR] [--clients a,b] [--timeout MS] [--nice N] [--spec-version V] [--scenario ID]... [--before DIR]
//
//   RESULTS_DIR   a folder written by `--out` (results.json, per-scenario trace.json); its name is the client's label
//   --results DIR a folder of such folders, one per client (default conformance-results/verdicts); with --run the
//                 clients are run into it first, one at a time with --jobs 1, each folder getting a run.json
//                 (command, wall time, exit code) beside its results
//   --before DIR  a folder of results folders of the code before: folders are matched by label, else by client name
//   --clients     with --run, only these labels (default: every client of CLIENT_RUNS)
//   --timeout, --nice, --spec-version, --scenario   with --run: per-scenario timeout (default 90000), niceness
//                 (default 10, 0: none), the revision to ask for (default: the harness's), scenarios (default: all)
//
// results.json files with or without the fields added later (scenario suite, protocolVersion, preview; check advisory)
// are read alike; the protocol version is then taken from the client's initialize request in the trace.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newestVersion } from '../harness/clients/install.js';
import { PACKAGE_ROOT } from '../harness/paths.js';
import { quotesAt, SPEC_SNAPSHOT, type QuoteRevision } from '../scenarios/requirement-quotes.js';
import { allRequirements } from '../scenarios/requirements.js';
import { judgedRevisions } from '../reports/results.js';
import { scenarioById } from '../scenarios/catalogue/index.js';
import { refusesAfterFirstToken } from '../scenarios/settled.js';
import { rpcMethods } from '../scenarios/trace.js';
import { SPEC_VERSIONS } from '../scenarios/types.js';

export const VERDICTS_PATH = join(PACKAGE_ROOT, 'docs', 'client-verdicts.md');
export const DEFAULT_RESULTS = join(PACKAGE_ROOT, 'conformance-results', 'verdicts');
/** The harness CLI of this build (dist/, or a private build folder). */
const CLI_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'harness', 'cli.js');

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

type Status = 'pass' | 'fail' | 'warn' | 'skip' | 'error';

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

interface TraceExchange {
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

function readJson<T>(file: string): T | undefined {
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
    .filter((e) => e.isDirectory() && (existsSync(join(dir, e.name, 'results.json')) || existsSync(join(dir, e.name, 'run.json'))))
    .map((e) => e.name);
  const rank = (l: string) => {
    const i = CLIENT_RUNS.findIndex((c) => c.label === l);
    return i < 0 ? CLIENT_RUNS.length : i;
  };
  labels.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return labels.map((l) => loadRun(join(dir, l), l));
}

// ---- what a run says ----

const clientBase = (name: string) => name.replace(/@[^@/]*$/, '');
const versionOf = (name: string) => /@([^@/]+)$/.exec(name)?.[1];

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

type Counts = Record<Status, number> & { total: number };

function count(scenarios: readonly ResultsScenario[]): Counts {
  const counts: Counts = { total: scenarios.length, pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
  for (const s of scenarios) counts[s.status] += 1;
  return counts;
}

const counted = (run: LoadedRun) => (run.results?.scenarios ?? []).filter((s) => !s.preview);
const previews = (run: LoadedRun) => (run.results?.scenarios ?? []).filter((s) => s.preview);

/** The exit code the run had (run.json), or the harness's rule applied to the scenarios that count. */
function exitCode(run: LoadedRun): { code: number | null; recorded: boolean } {
  if (run.run) return { code: run.run.exitCode, recorded: true };
  const scenarios = counted(run);
  return { code: scenarios.some((s) => s.status === 'error') ? 2 : scenarios.some((s) => s.status === 'fail') ? 1 : 0, recorded: false };
}

function command(run: LoadedRun): string {
  if (run.run) return run.run.command;
  const r = run.results;
  return r
    ? `node dist/harness/cli.js --client ${r.client.name} --spec-version ${r.specVersion} --out ${run.dir} (reconstructed from results.json)`
    : '(unknown)';
}

// ---- Markdown ----

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const MARK: Record<Status, string> = { pass: '✔', fail: '✘', warn: '!', skip: '–', error: '⚠' };
const revisionOrder = (v: string) => (v === '2025-03-26' ? -1 : (SPEC_VERSIONS as readonly string[]).indexOf(v));

function countsLine(c: Counts): string {
  return `${c.total}: ${c.pass} pass, ${c.warn} warn, ${c.fail} fail, ${c.skip} skip, ${c.error} error`;
}

const EVIDENCE_SHOWN = 6;
/** Random values that say nothing about a verdict: shortened in evidence URLs (the trace has them whole). */
const NOISE = new Set(['code_challenge', 'state', 'code', 'nonce']);

function shortUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=', 2);
      return NOISE.has(name) && value.length > 12 ? `${name}=${value.slice(0, 8)}…` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

/** The requests a check rests on, from the scenario's trace. */
function evidenceLines(run: LoadedRun, scenario: ResultsScenario, check: ResultsCheck): string[] {
  if (!check.evidence?.length) return [];
  const exchanges = run.trace(scenario);
  const all = check.evidence;
  // A loop can name thousands of requests: the first ones and the last say what happened.
  const shown = all.length > EVIDENCE_SHOWN ? [...all.slice(0, EVIDENCE_SHOWN - 1), all[all.length - 1]!] : all;
  const lines = shown.map((seq) => {
    const ex = exchanges.find((e) => e.seq === seq);
    if (!ex) return `#${seq} (not in the trace)`;
    const status = ex.status === 0 ? 'not answered' : `→ ${ex.status}`;
    const by = ex.from && ex.from !== 'client' ? `, sent by the ${ex.from}` : '';
    return `#${seq} ${code(`${ex.method} ${shortUrl(ex.url)}`)} ${status} (${ex.role} ${code(ex.server)}${by})`;
  });
  if (shown.length < all.length) lines.splice(EVIDENCE_SHOWN - 1, 0, `… ${all.length - shown.length} more …`);
  return lines;
}

const KEYWORD = /\b(MUST|REQUIRED|SHALL|SHOULD|RECOMMENDED|MAY)\b/;

/** `ISS-1 at 2026-07-28`: the heading of a requirement's texts in the appendix, and its anchor. */
const textsHeading = (id: string, revision: string) => `${id} at ${revision}`;
const anchorOf = (heading: string) =>
  `#${heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-')}`;

/** Requirement texts a document cites, collected while rendering, listed once in its appendix. */
type Cited = Map<string, { id: string; revision: QuoteRevision }>;

/**
 * Why a check's requirements are what they are at `revision`, one line per requirement: the sentence that carries the
 * keyword (or the harness's inference), linked to every text of the requirement in the appendix.
 */
function whyLines(check: ResultsCheck, revision: string, cited: Cited): string[] {
  const ids = check.requirements?.length ? check.requirements : check.requirement ? [check.requirement.id] : [];
  const known = new Map(allRequirements().map((r) => [r.id, r]));
  const lines: string[] = [];
  for (const id of ids) {
    const req = known.get(id);
    if (req && revisionOrder(req.since) > revisionOrder(revision)) continue; // the requirement starts at a later revision
    const at = revisionOrder(revision) >= -1 ? (revision as QuoteRevision) : undefined;
    const text = at ? quotesAt(id, at) : undefined;
    if (!at || !text) {
      lines.push(`${id}: no quote recorded at ${revision}`);
      continue;
    }
    const heading = textsHeading(id, at);
    cited.set(heading, { id, revision: at });
    const more = text.quotes.length > 1 || text.inference ? ` ([all texts](${anchorOf(heading)}))` : '';
    if (text.inference) {
      lines.push(`${id} — **inference**: ${text.inference}${more}`);
      continue;
    }
    const key = text.quotes.find((q) => KEYWORD.test(q.text)) ?? text.quotes[0]!;
    lines.push(`${id} — “${key.text}” ([${key.source}](${key.url}))${more}`);
  }
  return lines;
}

/** The appendix: every text of every requirement cited, per revision. */
function textsAppendix(cited: Cited): string[] {
  if (cited.size === 0) return [];
  const known = new Map(allRequirements().map((r) => [r.id, r]));
  const lines = ['## Requirement texts', '', 'Every sentence recorded for a requirement cited above, at the revision it was judged.', ''];
  const entries = [...cited.entries()].sort(
    ([, a], [, b]) => a.id.localeCompare(b.id, 'en', { numeric: true }) || revisionOrder(a.revision) - revisionOrder(b.revision),
  );
  for (const [heading, { id, revision }] of entries) {
    const text = quotesAt(id, revision)!;
    const req = known.get(id);
    lines.push(`### ${heading}`, '');
    if (req) lines.push(`${req.level} (harness catalogue, since ${req.since}): ${req.summary}`, '');
    if (text.inference) lines.push(`**Inference** (no sentence states it at the level judged): ${text.inference}`, '');
    for (const q of text.quotes) lines.push(`> ${q.text}`, `>`, `> — [${q.source}](${q.url})`, '');
  }
  return lines;
}

function scenarioBlock(run: LoadedRun, s: ResultsScenario, cited: Cited): string[] {
  const meta = [s.suite, `judged at ${s.specVersion}`, s.protocolVersion ? `client speaks ${s.protocolVersion}` : undefined, s.preview ? 'preview' : undefined]
    .filter(Boolean)
    .join(' · ');
  const lines = [`#### ${MARK[s.status]} ${code(s.id)} — ${s.status} (${meta})`, ''];
  if (s.description) lines.push(s.description, '');
  if (s.revisionNote) lines.push(`Revision: ${s.revisionNote}`, '');
  if (s.reason) lines.push(`Reason: ${s.reason}`, '');
  const failed = s.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
  if (failed.length === 0 && !s.reason) lines.push('No check failed.', '');
  for (const c of failed) {
    const reqs = c.requirements?.length ? c.requirements : c.requirement ? [c.requirement.id] : [];
    lines.push(`- ${MARK[c.status]} **${code(c.id)}** — ${c.status}, **${c.level}** at ${s.specVersion} (${reqs.join(', ')})`);
    if (c.advisory) lines.push(`  - **interop** (reported as a warning): ${c.advisory}`);
    lines.push(`  - violation: ${c.message}`);
    const evidence = evidenceLines(run, s, c);
    if (evidence.length) lines.push(`  - requests: ${evidence.join('; ')}`);
    for (const why of whyLines(c, s.specVersion, cited)) lines.push(`  - why ${c.level}: ${why}`);
  }
  lines.push('');
  return lines;
}

function clientTitle(run: LoadedRun): string {
  const drive = run.results?.client.drive;
  const name = `${run.results?.client.name ?? run.run?.client ?? run.label}${drive ? ` (--drive ${drive})` : ''}`;
  return `${name} (${code(run.label)})`;
}

function clientSection(run: LoadedRun, cited: Cited, before?: LoadedRun): string[] {
  const lines = [`## ${clientTitle(run)}`, ''];
  const results = run.results;
  lines.push('| | |', '| --- | --- |', `| command | ${code(command(run))} |`);
  if (run.run) lines.push(`| wall time | ${run.run.wallSeconds} s (started ${run.run.startedAt}) |`);
  if (!results) {
    const exit = run.run ? `exit code ${run.run.exitCode}` : 'never run';
    lines.push(`| results | none (${run.problem}; ${exit}): see ${code(join(run.dir, '..', `${run.label}.log`))} |`, '');
    return lines;
  }
  const name = results.client.name;
  const revisions = judgedRevisions(results.scenarios);
  const protocol = protocolVersions(run);
  const exit = exitCode(run);
  lines.push(
    `| client | ${cell(name)}${results.client.description ? ` — ${cell(results.client.description)}` : ''} |`,
    `| version | ${versionOf(name) ?? '(not in the client name)'} |`,
    `| revision judged | ${revisions.join(', ')}${revisions.length === 1 && revisions[0] === results.specVersion ? '' : ` (run: --spec-version ${results.specVersion})`} |`,
    `| protocol version sent in initialize | ${protocol.versions.length ? protocol.versions.join(', ') : 'none seen'}${protocol.fromTrace ? ' (read from the traces)' : ''} |`,
    `| scenarios | ${countsLine(count(counted(run)))}${previews(run).length ? `; previews ${countsLine(count(previews(run)))}` : ''} |`,
    `| exit code | ${exit.code}${exit.recorded ? '' : ' (computed from the scenarios)'}${results.strict ? ' (--strict: interop and backcompat failures count)' : ''} |`,
    `| results | ${code(run.dir)}${results.startedAt ? `, started ${results.startedAt}` : ''}${results.partial ? ', **partial** (interrupted)' : ''} |`,
    '',
  );
  lines.push(...midSessionLines(run));
  const notPassing = counted(run).filter((s) => s.status !== 'pass');
  lines.push(`### Not passing (${notPassing.length})`, '');
  if (notPassing.length === 0) lines.push('Every scenario passed.', '');
  for (const s of notPassing) lines.push(...scenarioBlock(run, s, cited));
  const preview = previews(run);
  if (preview.length) {
    const previewNotPassing = preview.filter((s) => s.status !== 'pass');
    const revisionsAhead = [...new Set(preview.map((s) => s.specVersion))].join(', ');
    lines.push(`### Ready for ${revisionsAhead}? (previews, not counted in the exit code)`, '');
    lines.push(`${preview.length} scenario(s) judged at a newer revision than the client speaks: ${countsLine(count(preview))}.`, '');
    for (const s of previewNotPassing) lines.push(...scenarioBlock(run, s, cited));
  }
  if (before) lines.push(...beforeAfter(before, run));
  return lines;
}

/**
 * Whether a scenario's verdict rests on what the client does in a running session, after its first token: the server
 * refuses a token later on (step-up, expiry, migration, a server that never accepts), or there are several MCP servers.
 */
function midSession(id: string): boolean {
  const scenario = scenarioById(id);
  return scenario !== undefined && (refusesAfterFirstToken(scenario) || scenario.topology.resourceServers.length > 1);
}

/** One step of a session as the story tells it, or undefined for requests it leaves out (discovery, other MCP methods). */
function storyStep(ex: TraceExchange): string | undefined {
  const url = new URL(ex.url);
  if (ex.role === 'resource-server') {
    // Tool calls whatever their answer, and any other MCP request a token was refused for.
    const method = rpcMethods(ex)[0];
    return method === 'tools/call' || (method && (ex.status === 401 || ex.status === 403)) ? `${method} ${ex.server}→${ex.status}` : undefined;
  }
  if (ex.role !== 'authorization-server') return undefined;
  if (ex.method === 'GET' && url.searchParams.get('response_type') === 'code') {
    const scope = url.searchParams.get('scope');
    return `authorize ${ex.server}${scope ? ` (scope ${scope})` : ''}`;
  }
  if (ex.method !== 'POST') return undefined;
  const form = new URLSearchParams(ex.requestBody ?? '');
  const grant = form.get('grant_type');
  if (grant) return `token ${grant === 'refresh_token' ? 'refresh' : grant === 'authorization_code' ? 'code' : grant} ${ex.server}→${ex.status}`;
  if (/regist/i.test(url.pathname)) return `register ${ex.server}→${ex.status}`;
  return undefined;
}

/**
 * What the client did with its first token and after: tool calls with their statuses, MCP requests refused 401/403,
 * authorizations with the scope asked, token and registration requests; repeats folded (`×n`), at most 12 steps.
 */
export function sessionStory(exchanges: readonly TraceExchange[]): string {
  const first = exchanges.findIndex((ex) => ex.role === 'resource-server' && ex.from === 'client' && /^bearer /i.test(ex.requestHeaders?.authorization ?? ''));
  if (first < 0) return 'no authorized MCP request';
  const steps: { text: string; times: number }[] = [];
  for (const ex of exchanges.slice(first)) {
    const text = storyStep(ex);
    if (!text) continue;
    const last = steps.at(-1);
    if (last?.text === text) last.times += 1;
    else steps.push({ text, times: 1 });
  }
  if (steps.length === 0) return 'authorized MCP requests, every one answered; no tool call';
  const shown = steps.slice(0, 12).map((s) => (s.times > 1 ? `${s.text} ×${s.times}` : s.text));
  return `${shown.join(' → ')}${steps.length > 12 ? ` → … (${steps.length - 12} more)` : ''}`;
}

function midSessionLines(run: LoadedRun): string[] {
  const scenarios = (run.results?.scenarios ?? []).filter((s) => midSession(s.id));
  if (scenarios.length === 0) return [];
  const drive = run.results?.client.drive;
  const lines = [
    `### In a running session${drive ? ` (--drive ${drive})` : ''}`,
    '',
    'From the first authorized MCP request on: tool calls with the MCP server and status, MCP requests refused 401/403,',
    'authorizations with the scope asked, token and registration requests (the trace has every request).',
    '',
    '| scenario | verdict | what the client did |',
    '| --- | --- | --- |',
  ];
  for (const s of scenarios) lines.push(`| ${code(s.id)} | ${verdictCell(s, undefined)} | ${cell(sessionStory(run.trace(s)))} |`);
  lines.push('');
  return lines;
}

/** `fail: a, b · warn: c`, the revision when it is not the run's, or the skip/error reason. */
function verdictCell(s: ResultsScenario | undefined, runRevision: string | undefined): string {
  if (!s) return '(not run)';
  const at = s.specVersion !== runRevision ? ` @${s.specVersion}` : '';
  const preview = s.preview ? ' (preview)' : '';
  const failed = s.checks.filter((c) => c.status === 'fail').map((c) => code(c.id));
  const warned = s.checks.filter((c) => c.status === 'warn').map((c) => code(c.id));
  const parts = [failed.length ? `fail: ${failed.join(', ')}` : '', warned.length ? `warn: ${warned.join(', ')}` : ''].filter(Boolean);
  const reason = (s.status === 'skip' || s.status === 'error') && s.reason ? ` (${s.reason.length > 120 ? `${s.reason.slice(0, 117)}…` : s.reason})` : '';
  return `${MARK[s.status]} ${s.status}${at}${preview}${parts.length ? ` — ${parts.join(' · ')}` : ''}${cell(reason)}`;
}

const signature = (s: ResultsScenario | undefined) =>
  s
    ? `${s.status}|${s.checks
        .filter((c) => c.status === 'fail' || c.status === 'warn')
        .map((c) => `${c.id}:${c.status}`)
        .sort()
        .join(',')}`
    : 'absent';

function beforeAfter(before: LoadedRun, after: LoadedRun): string[] {
  const lines = ['### Before / after', ''];
  if (!before.results) {
    lines.push(`Before: ${code(before.dir)} has no results (${before.problem}).`, '');
    return lines;
  }
  const b = before.results;
  const a = after.results!;
  lines.push(
    `Before: ${code(before.dir)} (${b.client.name}, ${countsLine(count(counted(before)))}). After: ${code(after.dir)} (${a.client.name}, ${countsLine(count(counted(after)))}).`,
    '',
  );
  const ids = [...new Set([...a.scenarios.map((s) => s.id), ...b.scenarios.map((s) => s.id)])];
  const rows = ids.map((id) => {
    const was = b.scenarios.find((s) => s.id === id);
    const now = a.scenarios.find((s) => s.id === id);
    const changed = signature(was) !== signature(now) || was?.specVersion !== now?.specVersion;
    return { id, was, now, changed };
  });
  lines.push(`${rows.filter((r) => r.changed).length} of ${rows.length} scenario(s) changed.`, '');
  lines.push('| scenario | before | after | |', '| --- | --- | --- | --- |');
  for (const r of rows) {
    lines.push(`| ${code(r.id)} | ${verdictCell(r.was, b.specVersion)} | ${verdictCell(r.now, a.specVersion)} | ${r.changed ? '**changed**' : ''} |`);
  }
  lines.push('');
  return lines;
}

/** The before run matching an after run: the same label, else the same client (name without version). */
export function matchBefore(after: LoadedRun, befores: readonly LoadedRun[]): LoadedRun | undefined {
  const byLabel = befores.find((b) => b.label === after.label);
  if (byLabel) return byLabel;
  const name = after.results?.client.name;
  return name
    ? (befores.find((b) => b.results && b.results.client.name === name) ??
        befores.find((b) => b.results && clientBase(b.results.client.name) === clientBase(name)))
    : undefined;
}

/** The whole of docs/client-verdicts.md. */
export function renderVerdicts(runs: readonly LoadedRun[], befores: readonly LoadedRun[] = []): string {
  const lines = [
    '# Client verdicts',
    '',
    '<!-- Generated by `npm run verdicts` (scripts/client-verdicts.ts) from results folders; do not edit by hand. -->',
    '',
    'For each client: the command run, its version, the revision judged, the counts, and every scenario that did not',
    'pass: each failed check with its level at the revision judged, the sentence of the specification that makes it a',
    "MUST or SHOULD (or, where the level is the harness's own inference, that reasoning and the nearest text), and the",
    "requests that violated it (the check's message, then the evidence exchanges of the trace by sequence number).",
    `Quotes: scenarios/requirement-quotes.ts (MCP texts of ${SPEC_SNAPSHOT}; RFC texts as published).`,
    '',
    '## Summary',
    '',
    `| client | label | revision judged | scenarios | pass | warn | fail | skip | error | previews | exit code |${befores.length ? ' before: pass / warn / fail |' : ''}`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |${befores.length ? ' --- |' : ''}`,
  ];
  for (const run of runs) {
    const before = befores.length ? matchBefore(run, befores) : undefined;
    const beforeCell = befores.length
      ? before?.results
        ? ` ${(({ pass, warn, fail }) => `${pass} / ${warn} / ${fail}`)(count(counted(before)))} |`
        : ' — |'
      : '';
    if (!run.results) {
      lines.push(
        `| ${cell(run.run?.client ?? run.label)} | ${code(run.label)} | — | no results (${run.problem}) | | | | | | | ${run.run?.exitCode ?? '—'} |${beforeCell}`,
      );
      continue;
    }
    const c = count(counted(run));
    const revisions = judgedRevisions(run.results.scenarios);
    lines.push(
      `| ${cell(run.results.client.name)}${run.results.client.drive ? ` (${run.results.client.drive})` : ''} | ${code(run.label)} | ${revisions.join(', ')} | ${c.total} | ${c.pass} | ${c.warn} | ${c.fail} | ${c.skip} | ${c.error} | ${previews(run).length} | ${exitCode(run).code} |${beforeCell}`,
    );
  }
  lines.push('');
  const cited: Cited = new Map();
  for (const run of runs) lines.push(...clientSection(run, cited, befores.length ? matchBefore(run, befores) : undefined));
  lines.push(...textsAppendix(cited));
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

// ---- --run ----

/** Runs one client through the whole catalogue into `dir/label`, writing run.json beside its results. */
export async function runClient(
  label: string,
  client: string,
  dir: string,
  options: { timeoutMs: number; nice: number; specVersion?: string; scenarios?: string[] },
): Promise<RunRecord> {
  const out = join(dir, label);
  await mkdir(out, { recursive: true });
  const args = [
    CLI_PATH,
    '--client',
    client,
    '--jobs',
    '1',
    '--timeout',
    String(options.timeoutMs),
    ...(options.specVersion ? ['--spec-version', options.specVersion] : []),
    ...(options.scenarios ?? []).flatMap((s) => ['--scenario', s]),
    '--out',
    out,
  ];
  const argv = options.nice > 0 ? ['nice', '-n', String(options.nice), process.execPath, ...args] : [process.execPath, ...args];
  const shown = [...(options.nice > 0 ? ['nice', '-n', String(options.nice)] : []), 'node', relative(PACKAGE_ROOT, CLI_PATH), ...args.slice(1)].join(' ');
  const startedAt = new Date();
  const log = createWriteStream(join(dir, `${label}.log`));
  const child = spawn(argv[0]!, argv.slice(1), { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exitCode = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  log.end();
  const record: RunRecord = {
    client,
    command: `(cd ${PACKAGE_ROOT} && ${shown})`,
    startedAt: startedAt.toISOString(),
    wallSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    exitCode,
  };
  await writeFile(join(out, 'run.json'), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

interface Options {
  run: boolean;
  results: string;
  before?: string;
  out: string;
  clients?: string[];
  timeoutMs: number;
  nice: number;
  specVersion?: string;
  scenarios: string[];
  dirs: string[];
}

export function parseArgs(argv: string[]): Options {
  const options: Options = { run: false, results: DEFAULT_RESULTS, out: VERDICTS_PATH, timeoutMs: 90_000, nice: 10, scenarios: [], dirs: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[i + 1];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      i += 1;
      return v;
    };
    if (arg === '--run') options.run = true;
    else if (arg === '--results') options.results = resolve(value());
    else if (arg === '--before') options.before = resolve(value());
    else if (arg === '--out') options.out = resolve(value());
    else if (arg === '--clients')
      options.clients = value()
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
    else if (arg === '--timeout') options.timeoutMs = Number(value());
    else if (arg === '--nice') options.nice = Number(value());
    else if (arg === '--spec-version') options.specVersion = value();
    else if (arg === '--scenario') options.scenarios.push(value());
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else options.dirs.push(resolve(arg));
  }
  if (!Number.isInteger(options.timeoutMs) || options.timeoutMs <= 0) throw new Error('--timeout needs a positive whole number of milliseconds');
  if (!Number.isInteger(options.nice) || options.nice < 0) throw new Error('--nice needs a whole number ≥ 0');
  if (options.run && options.dirs.length) throw new Error('--run writes into --results DIR; give no results folders with it');
  return options;
}

export async function main(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  if (options.run) {
    const unknown = (options.clients ?? []).filter((l) => !CLIENT_RUNS.some((c) => c.label === l));
    if (unknown.length) throw new Error(`unknown client label(s) ${unknown.join(', ')}; labels: ${CLIENT_RUNS.map((c) => c.label).join(', ')}`);
    await mkdir(options.results, { recursive: true });
    for (const { label, client } of CLIENT_RUNS.filter((c) => !options.clients || options.clients.includes(c.label))) {
      const resolved = client === 'sdk@newest' ? `sdk@${await newestVersion('@modelcontextprotocol/sdk')}` : client;
      process.stdout.write(`running ${resolved} into ${join(options.results, label)} ...\n`);
      const record = await runClient(label, resolved, options.results, { ...options, scenarios: options.scenarios });
      process.stdout.write(`  ${label}: exit code ${record.exitCode}, ${record.wallSeconds} s\n`);
    }
  }
  const runs = options.dirs.length ? options.dirs.map((d) => loadRun(d)) : loadRunsIn(options.results);
  if (runs.length === 0) throw new Error(`no results folders in ${options.results}; run with --run, or name results folders`);
  const befores = options.before ? loadRunsIn(options.before) : [];
  if (options.before && befores.length === 0) throw new Error(`no results folders in ${options.before}`);
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, renderVerdicts(runs, befores));
  process.stdout.write(`wrote ${options.out} (${runs.length} client(s)${befores.length ? `, before/after against ${options.before}` : ''})\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`client-verdicts: ${(error as Error).message}\n`);
      process.exit(2);
    },
  );
}
