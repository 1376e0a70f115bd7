import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { scenarioFolder } from './document.js';
import { redactor, redactValue, secretsIn } from './redact.js';
import { summarize, type RunResults, type ScenarioResult } from './results.js';
import type { Trace } from '../scenarios/types.js';
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

/** The machine-readable summary: everything but traces and output, which live in per-scenario files. */
export function resultsDocument(results: RunResults, withFiles: boolean) {
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
    scenarios: results.scenarios.map((s) => {
      const redact = redactor(secretsIn(s.trace));
      return redactValue(
        {
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
          ...(s.client
            ? {
                client: {
                  command: s.client.command,
                  exitCode: s.client.exitCode,
                  signal: s.client.signal,
                  timedOut: s.client.timedOut,
                  ...(s.client.settled !== undefined ? { settled: s.client.settled } : {}),
                  durationMs: s.client.durationMs,
                },
              }
            : {}),
          checks: s.checks.map((c) => ({
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
          })),
          ...redirectHops(s.trace),
          ...(s.attempts && s.attempts.length > 1
            ? {
                attempt: s.attempt ?? 1,
                // Each attempt's secrets are its own trace's.
                attempts: s.attempts.map((a, i) =>
                  redactValue(
                    {
                      attempt: i + 1,
                      status: a.status,
                      ...(a.reason ? { reason: a.reason } : {}),
                      durationMs: a.durationMs,
                      checks: a.checks
                        .filter((c) => c.status === 'fail' || c.status === 'warn')
                        .map((c) => ({ id: c.id, status: c.status, message: c.message })),
                      ...(withFiles ? { files: scenarioFiles(attemptFolder(s, i)) } : {}),
                    },
                    redactor(secretsIn(a.trace)),
                  ),
                ),
              }
            : {}),
          ...(withFiles
            ? {
                files: {
                  ...scenarioFiles(scenarioFolder(s)),
                  ...(s.screenshots?.length ? { screenshots: s.screenshots.map((shot) => `${scenarioFolder(s)}/${shot.name}`) } : {}),
                },
              }
            : {}),
        },
        redact,
      );
    }),
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

/** Writes results.json (schema-validated) and, per scenario, the redacted trace and the client's output. */
export async function writeResults(dir: string, results: RunResults): Promise<void> {
  await mkdir(dir, { recursive: true });
  const document = resultsDocument(results, true);
  validateResults(document);
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
  description: 'the results folder: results.json (schema-validated) and per scenario trace.json, stdout.txt, stderr.txt and screenshots',
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
