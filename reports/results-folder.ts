import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { scenarioFolder, type AttemptDocument, type CheckDocument, type ResultsDocument, type ScenarioDocument } from './results-document.js';
import { redactor, redactValue, secretsIn } from './redact.js';
import { summarize, type RunResults, type ScenarioResult } from './results.js';
import type { Trace, Verdict } from '../scenarios/types.js';
import type { ReportWriter } from './writer.js';

/** The JSON Schema of results.json, shipped in the package beside the compiled reports. */
export const RESULTS_SCHEMA_PATH = fileURLToPath(new URL('../../reports/results.schema.json', import.meta.url));

/** The results schema's validator, compiled by `npm run build` (scripts/compile-validators.ts) into <build>/generated/. */
export const RESULTS_VALIDATOR_FILE = 'results-validator.cjs';
let validator: ValidateFunction | undefined;
/** Loading the generated validator costs a few milliseconds; compiling the schema at run time cost ~100. */
export function resultsValidator(): ValidateFunction {
  // Ajv's standalone code is CommonJS that requires its runtime helpers by package path.
  validator ??= createRequire(import.meta.url)(`../generated/${RESULTS_VALIDATOR_FILE}`) as ValidateFunction;
  return validator;
}

function validateResults(document: unknown): void {
  const validator = resultsValidator();
  if (!validator(document)) {
    throw new Error(`results.json does not match its schema: ${describeErrors(validator.errors)}`);
  }
}

function describeErrors(errors: { instancePath: string; message?: string }[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
}

/** Which exchanges of a trace are automatic redirect hops, and of which 3xx: evidence seqs may name them. */
function redirectHops(trace: Trace | undefined): { redirectHops?: { seq: number; redirectedFrom: number }[] } {
  const hops = (trace?.exchanges ?? []).flatMap((ex) => (ex.redirectedFrom !== undefined ? [{ seq: ex.seq, redirectedFrom: ex.redirectedFrom }] : []));
  return hops.length > 0 ? { redirectHops: hops } : {};
}

function scenarioFiles(folder: string): { trace: string; stdout: string; stderr: string } {
  return { trace: `${folder}/trace.json`, stdout: `${folder}/stdout.txt`, stderr: `${folder}/stderr.txt` };
}

/** Where attempt i (0-based) of a retried scenario keeps its trace and output, inside the scenario's folder. */
function attemptFolder(s: ScenarioResult, i: number): string {
  return `${scenarioFolder(s)}/attempt-${i + 1}`;
}

/** The client process as results.json keeps it: its output is in the scenario's files. */
function clientDocument(client: ScenarioResult['client']): Pick<ScenarioDocument, 'client'> {
  if (!client) return {};
  const { command, exitCode, signal, timedOut, settled, durationMs } = client;
  return { client: { command, exitCode, signal, timedOut, ...(settled !== undefined ? { settled } : {}), durationMs } };
}

function checkDocument(c: Verdict): CheckDocument {
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    level: c.level,
    message: c.message,
    requirement: c.requirements[0],
    requirements: c.requirements.map((r) => r.id),
    evidence: c.evidence,
    ...(c.violations ? { violations: c.violations } : {}),
    ...(c.advisory ? { advisory: c.advisory } : {}),
    ...(c.known ? { known: c.known } : {}),
  };
}

/** Every attempt of a scenario that ran more than once; each attempt's secrets are its own trace's. */
function attemptDocuments(s: ScenarioResult, withFiles: boolean): Pick<ScenarioDocument, 'attempt' | 'attempts'> {
  if (!s.attempts || s.attempts.length <= 1) return {};
  const attempts = s.attempts.map((a, i) =>
    redactValue<AttemptDocument>(
      {
        attempt: i + 1,
        status: a.status,
        ...(a.reason ? { reason: a.reason } : {}),
        durationMs: a.durationMs,
        checks: a.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => ({ id: c.id, status: c.status, message: c.message })),
        ...(withFiles ? { files: scenarioFiles(attemptFolder(s, i)) } : {}),
      },
      redactor(secretsIn(a.trace)),
    ),
  );
  return { attempt: s.attempt ?? 1, attempts };
}

/** One scenario without its trace and output, redacted with its trace's secrets. */
function scenarioDocument(s: ScenarioResult, withFiles: boolean): ScenarioDocument {
  const document: ScenarioDocument = {
    id: s.id,
    description: s.description,
    suite: s.suite,
    specVersion: s.specVersion,
    protocolVersion: s.protocolVersion,
    ...(s.revisionNote ? { revisionNote: s.revisionNote } : {}),
    ...(s.preview ? { preview: true } : {}),
    ...(s.drive ? { drive: s.drive } : {}),
    ...(s.topologyFile ? { topologyFile: s.topologyFile } : {}),
    status: s.status,
    ...(s.reason ? { reason: s.reason } : {}),
    ...(s.account ? { account: s.account } : {}),
    durationMs: s.durationMs,
    ...(s.timings ? { timings: s.timings } : {}),
    ...(s.tlsErrors?.length ? { tlsErrors: s.tlsErrors } : {}),
    ...clientDocument(s.client),
    checks: s.checks.map(checkDocument),
    ...redirectHops(s.trace),
    ...attemptDocuments(s, withFiles),
    ...(withFiles
      ? {
          files: {
            ...scenarioFiles(scenarioFolder(s)),
            ...(s.screenshots?.length ? { screenshots: s.screenshots.map((shot) => `${scenarioFolder(s)}/${shot.name}`) } : {}),
          },
        }
      : {}),
  };
  return redactValue(document, redactor(secretsIn(s.trace)));
}

/** The machine-readable summary (results.json): everything but traces and output, which live in per-scenario files. */
export function resultsDocument(results: RunResults, withFiles: boolean): ResultsDocument {
  return {
    tool: results.tool,
    client: results.client,
    specVersion: results.specVersion,
    ...(results.strict ? { strict: true } : {}),
    startedAt: results.startedAt,
    durationMs: results.durationMs,
    partial: results.partial,
    ...(results.interruptedBy ? { interruptedBy: results.interruptedBy } : {}),
    ...(results.notRun ? { notRun: results.notRun } : {}),
    summary: summarize(results.scenarios),
    scenarios: results.scenarios.map((s) => scenarioDocument(s, withFiles)),
  };
}

/**
 * A scenario result that crossed a process boundary as JSON (a namespace worker's): validated as results.json
 * validates it, with its trace checked and its screenshots turned back into bytes. Throws, saying what is wrong.
 */
export function scenarioResultFromJson(text: string, run: Pick<RunResults, 'tool' | 'client' | 'specVersion'>): ScenarioResult {
  const value = JSON.parse(text) as ScenarioResult & { screenshots?: { name: string; png: unknown }[] };
  if (!value || typeof value !== 'object' || !Array.isArray(value.trace?.exchanges)) throw new Error('no trace.exchanges array');
  const screenshots = value.screenshots?.map((shot) => {
    const data = (shot.png as { data?: unknown } | null)?.data;
    if (typeof shot.name !== 'string' || !Array.isArray(data)) throw new Error(`screenshot ${String(shot.name)} has no bytes`);
    return { name: shot.name, png: Buffer.from(data as number[]) };
  });
  const result: ScenarioResult = { ...value, ...(screenshots ? { screenshots } : {}) };
  validateResults(resultsDocument({ ...run, startedAt: new Date(0).toISOString(), durationMs: 0, partial: false, scenarios: [result] }, false));
  return result;
}

/** A scenario's (or one attempt's) redacted trace, its client's output and its screenshots, into `folder`. */
async function writeScenarioFiles(folder: string, s: ScenarioResult): Promise<void> {
  const redact = redactor(secretsIn(s.trace));
  await mkdir(folder, { recursive: true });
  const trace = redactValue({ scenario: s.id, specVersion: s.specVersion, topology: s.topology, exchanges: s.trace.exchanges, userAgent: s.userAgent }, redact);
  await writeFile(join(folder, 'trace.json'), `${JSON.stringify(trace, null, 2)}\n`);
  await writeFile(join(folder, 'stdout.txt'), redact(s.client?.stdout ?? ''));
  await writeFile(join(folder, 'stderr.txt'), redact(s.client?.stderr ?? ''));
  for (const shot of s.screenshots ?? []) await writeFile(join(folder, shot.name), shot.png);
}

/**
 * Writes results.json and, per scenario, the redacted trace and the client's output. The document is built here, typed
 * as ResultsDocument, so it is not validated again on every run: the tests validate what runs write against the schema
 * (tests/helpers.ts runCli), and a result that crossed a process boundary is validated where it is read.
 */
export async function writeResults(dir: string, results: RunResults): Promise<void> {
  await mkdir(dir, { recursive: true });
  const document = resultsDocument(results, true);
  for (const s of results.scenarios) {
    await writeScenarioFiles(join(dir, scenarioFolder(s)), s);
    if (s.attempts && s.attempts.length > 1) for (const [i, attempt] of s.attempts.entries()) await writeScenarioFiles(join(dir, attemptFolder(s, i)), attempt);
  }
  await writeFile(join(dir, 'results.json'), `${JSON.stringify(document, null, 2)}\n`);
}

/**
 * `--out DIR`: the results folder every other output reads. A run writes it here (with --report only, the report
 * folder is the results folder); a merge has written it already, as it combined the shards.
 */
export const resultsWriter: ReportWriter = {
  name: 'results',
  description: 'the results folder: results.json (reports/results.schema.json) and per scenario trace.json, stdout.txt, stderr.txt and screenshots',
  commands: ['run', 'merge'],
  options: [
    {
      flags: '-o, --out <dir>',
      help: { run: 'write results.json and per-scenario traces and output here', merge: 'folder for the merged results.json, scenario folders and index.html' },
      requiredIn: ['merge'],
      writes: { kind: 'folder' },
    },
  ],
  async write({ results, resultsDirs }) {
    const dir = resultsDirs[0];
    if (results && dir) await writeResults(dir, results);
  },
};
