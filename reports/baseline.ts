import { readFile, writeFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';
import type { ResultsDocument, ScenarioDocument } from './results-document.js';
import type { ExitPolicy } from './results.js';
import { UsageError } from '../harness/usage-error.js';

// A baseline lists failures a client project knows about, so CI gates on new ones only:
//   expected-failures:
//     - scenario: split-auth0
//       check: asm-from-authorization-server   # optional: without it every check of the scenario
//       spec-version: 2025-11-25               # optional: without it every revision
//       reason: the SDK builds AS metadata URLs from the MCP URL
//       link: https://github.com/org/client/issues/12   # optional
// The official suite's format (`client: [scenario, ...]`) is read as scenario-level entries.

export interface BaselineEntry {
  scenario: string;
  check?: string;
  specVersion?: string;
  reason?: string;
  link?: string;
  /** First and last line of the entry in the file, 1-based, for messages that say what to edit. */
  lines: [number, number];
}

export interface Baseline {
  file: string;
  format: 'native' | 'official';
  entries: BaselineEntry[];
}

export class BaselineError extends UsageError {}

export interface Failure {
  scenario: string;
  specVersion: string;
  check: string;
  message: string;
}

export interface GateResult {
  /** Failing MUST checks the baseline expects. */
  accepted: (Failure & { entry: BaselineEntry })[];
  /** Failing MUST checks the baseline does not list: they fail the run. */
  unexpected: Failure[];
  /** Entries whose scenario or check now passes (in `scenario` at `specVersion`): they fail the run until removed. */
  stale: { entry: BaselineEntry; scenario: string; specVersion: string; message: string }[];
}

function lineRange(node: Node | null | undefined, counter: LineCounter): [number, number] {
  const range = node?.range;
  if (!range) return [0, 0];
  const start = counter.linePos(range[0]).line;
  // range[1] points just past the value; step back so a trailing newline does not count as a line.
  const end = counter.linePos(Math.max(range[0], range[1] - 1)).line;
  return [start, end];
}

function text(value: unknown, what: string, file: string, line: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new BaselineError(`${file}:${line}: ${what} must be text`);
  return String(value);
}

/** Reads a baseline file; a missing file reads as an empty baseline (so --update-baseline can create it). */
export async function readBaseline(file: string, options: { mayBeMissing?: boolean } = {}): Promise<Baseline> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    if (options.mayBeMissing) return { file, format: 'native', entries: [] };
    throw new BaselineError(`cannot read baseline ${file}; create it with --update-baseline`);
  }
  return parseBaseline(source, file);
}

export function parseBaseline(source: string, file: string): Baseline {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter });
  const [error] = doc.errors;
  if (error) throw new BaselineError(`${file}: ${error.message}`);
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { file, format: 'native', entries: [] };
  if (!isMap(root)) throw new BaselineError(`${file}: expected a mapping with expected-failures (or the official suite's client: [...])`);
  const native = root.get('expected-failures', true);
  if (native !== undefined) {
    if (native === null || (isScalar(native) && native.value === null)) return { file, format: 'native', entries: [] };
    if (!isSeq(native)) throw new BaselineError(`${file}: expected-failures must be a list`);
    const entries = native.items.map((item) => {
      const lines = lineRange(item as Node, counter);
      if (!isMap(item)) throw new BaselineError(`${file}:${lines[0]}: each expected failure is a mapping with scenario, check and reason`);
      const scenario = text(item.get('scenario'), 'scenario', file, lines[0]);
      if (!scenario) throw new BaselineError(`${file}:${lines[0]}: an expected failure needs a scenario`);
      const entry: BaselineEntry = { scenario, lines };
      const check = text(item.get('check'), 'check', file, lines[0]);
      const specVersion = text(item.get('spec-version'), 'spec-version', file, lines[0]);
      const reason = text(item.get('reason'), 'reason', file, lines[0]);
      const link = text(item.get('link'), 'link', file, lines[0]);
      if (check) entry.check = check;
      if (specVersion) entry.specVersion = specVersion;
      if (reason) entry.reason = reason;
      if (link) entry.link = link;
      return entry;
    });
    return { file, format: 'native', entries };
  }
  const official = root.get('client', true);
  if (official !== undefined && isSeq(official)) {
    const entries = official.items.map((item) => {
      const lines = lineRange(item as Node, counter);
      const scenario = isScalar(item) ? text(item.value, 'scenario', file, lines[0]) : undefined;
      if (!scenario) throw new BaselineError(`${file}:${lines[0]}: client: lists scenario names`);
      return { scenario, lines };
    });
    return { file, format: 'official', entries };
  }
  throw new BaselineError(`${file}: expected a mapping with expected-failures (or the official suite's client: [...])`);
}

function matches(entry: BaselineEntry, scenario: ScenarioDocument): boolean {
  return entry.scenario === scenario.id && (!entry.specVersion || entry.specVersion === scenario.specVersion);
}

function where(baseline: Baseline, entry: BaselineEntry): string {
  const [start, end] = entry.lines;
  return start === end ? `${baseline.file}:${start}` : `${baseline.file}:${start}-${end}`;
}

/** Failing MUST checks of a run; a scenario that could not run at all is an error, never a baseline matter. */
export function failuresOf(results: ResultsDocument): Failure[] {
  return results.scenarios
    .filter((s) => !s.preview)
    .flatMap((s) => s.checks.filter((c) => c.status === 'fail').map((c) => ({ scenario: s.id, specVersion: s.specVersion, check: c.id, message: c.message })));
}

/** Splits a run's failures into expected and unexpected ones, and finds entries that no longer fail. */
export function applyBaseline(results: ResultsDocument, baseline: Baseline): GateResult {
  const gate: GateResult = { accepted: [], unexpected: [], stale: [] };
  for (const failure of failuresOf(results)) {
    const scenario = results.scenarios.find((s) => s.id === failure.scenario && s.specVersion === failure.specVersion)!;
    const entry =
      baseline.entries.find((e) => matches(e, scenario) && e.check === failure.check) ?? baseline.entries.find((e) => matches(e, scenario) && !e.check);
    if (entry) gate.accepted.push({ ...failure, entry });
    else gate.unexpected.push(failure);
  }
  for (const entry of baseline.entries) {
    for (const scenario of results.scenarios.filter((s) => matches(entry, s) && !s.preview)) {
      const label = `${entry.scenario}${entry.check ? ` / ${entry.check}` : ''}${entry.specVersion ? ` @ ${entry.specVersion}` : ''}`;
      if (entry.check) {
        const check = scenario.checks.find((c) => c.id === entry.check);
        if (check?.status === 'pass') {
          gate.stale.push({
            entry,
            scenario: scenario.id,
            specVersion: scenario.specVersion,
            message: `stale baseline: remove it — ${where(baseline, entry)} (${label}): check ${entry.check} now passes in ${scenario.id}@${scenario.specVersion}; delete ${linesWord(entry)} from ${baseline.file}`,
          });
        }
      } else if (scenario.status === 'pass') {
        gate.stale.push({
          entry,
          scenario: scenario.id,
          specVersion: scenario.specVersion,
          message: `stale baseline: remove it — ${where(baseline, entry)} (${label}): scenario ${scenario.id}@${scenario.specVersion} now passes; delete ${linesWord(entry)} from ${baseline.file}`,
        });
      }
    }
  }
  return gate;
}

function linesWord(entry: BaselineEntry): string {
  const [start, end] = entry.lines;
  return start === end ? `line ${start}` : `lines ${start}-${end}`;
}

/** The baseline that accepts exactly this run's failures, keeping reasons and links of entries still in use. */
export function updatedBaseline(results: ResultsDocument, baseline: Baseline): BaselineEntry[] {
  const gate = applyBaseline(results, baseline);
  const ran = (entry: BaselineEntry) => results.scenarios.some((s) => matches(entry, s));
  const used = new Set(gate.accepted.map((a) => a.entry));
  // Entries for scenarios this run did not cover (another shard, another selection) stay as they are.
  const kept = baseline.entries.filter((e) => used.has(e) || !ran(e));
  const added: BaselineEntry[] = gate.unexpected.map((f) => ({
    scenario: f.scenario,
    check: f.check,
    specVersion: f.specVersion,
    reason: 'TODO: say why this failure is expected',
    lines: [0, 0],
  }));
  return [...kept, ...added];
}

export function baselineYaml(entries: BaselineEntry[]): string {
  const items = entries.map((e) => ({
    scenario: e.scenario,
    ...(e.check ? { check: e.check } : {}),
    ...(e.specVersion ? { 'spec-version': e.specVersion } : {}),
    reason: e.reason ?? 'TODO: say why this failure is expected',
    ...(e.link ? { link: e.link } : {}),
  }));
  const header =
    '# Expected failures for mcp-oauth-conformance --baseline.\n' +
    '# Each entry names a scenario (and optionally one check) whose failure is known; reason is required, link optional.\n';
  return header + stringify({ 'expected-failures': items });
}

export async function writeBaseline(file: string, entries: BaselineEntry[]): Promise<void> {
  await writeFile(file, baselineYaml(entries));
}

/**
 * Exit code of a gated run: errors stay 2; unexpected failures and stale entries give 1. A flaky scenario's failures
 * (an attempt that failed, another that passed) fail the run only with `failOnFlaky`, as without a baseline.
 */
export function gatedExitCode(results: ResultsDocument, gate: GateResult, policy: ExitPolicy = {}): number {
  if (results.scenarios.some((s) => s.status === 'error')) return 2;
  const flaky = (f: Failure) => results.scenarios.some((s) => s.id === f.scenario && s.specVersion === f.specVersion && s.status === 'flaky');
  if (policy.failOnFlaky && results.scenarios.some((s) => s.status === 'flaky' && !s.preview)) return 1;
  return gate.unexpected.some((f) => !flaky(f)) || gate.stale.length > 0 ? 1 : 0;
}
