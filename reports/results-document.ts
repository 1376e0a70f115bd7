import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../harness/usage-error.js';
import type { RequestedRevision } from '../scenarios/revision.js';
import type { CheckStatus, Level, Requirement } from '../scenarios/types.js';
import type { ClientRun, RunResults, ScenarioResult, ScenarioStatus } from './results.js';

// results.json, the public results format: what `run` and `merge` write into a results folder and what every other
// report (JUnit, GitHub, HTML, bug reports, baseline, merge, bisect) reads. Declared here once; reports/results.schema.json
// is its JSON Schema (tests/unit/registration-schema.test.ts validates written documents against it), and
// reports/results-folder.ts builds and writes it. A field added here goes into the schema and the builder too.

/** One check's verdict as results.json keeps it. */
export interface CheckDocument {
  id: string;
  title: string;
  status: CheckStatus;
  level: Level;
  message: string;
  /** The requirement the check cites first (the one a failure names). */
  requirement: Requirement;
  /** The ids of every requirement the check judges. */
  requirements: string[];
  /** Sequence numbers of the trace's exchanges the verdict rests on. */
  evidence: number[];
  violations?: number[];
  advisory?: string;
  known?: { url: string; title: string; fixedIn?: string };
}

/** One attempt of a retried scenario: its failed or warned checks only; its files when the document has files. */
export interface AttemptDocument {
  attempt: number;
  status: ScenarioStatus;
  reason?: string;
  durationMs: number;
  checks: Pick<CheckDocument, 'id' | 'status' | 'message'>[];
  files?: ScenarioFiles;
}

/** Where a scenario's trace and client output are, relative to the results folder. */
export interface ScenarioFiles {
  trace: string;
  stdout: string;
  stderr: string;
  screenshots?: string[];
}

/**
 * One scenario at one revision (its folder is scenarioFolder()): the run's fields of it (documented on ScenarioResult)
 * without its trace, topology and output, which are in its files.
 */
export interface ScenarioDocument extends Pick<
  ScenarioResult,
  | 'id'
  | 'description'
  | 'suite'
  | 'specVersion'
  | 'protocolVersion'
  | 'revisionNote'
  | 'preview'
  | 'drive'
  | 'topologyFile'
  | 'status'
  | 'reason'
  | 'account'
  | 'durationMs'
  | 'timings'
  | 'tlsErrors'
> {
  /** The client process, without its output (that is in `files`). */
  client?: Omit<ClientRun, 'stdout' | 'stderr'>;
  checks: CheckDocument[];
  /** Automatic redirect hops: seq of the hop, seq of the 3xx it followed. */
  redirectHops?: { seq: number; redirectedFrom: number }[];
  /** With attempts: which of them (1-based) this scenario shows. */
  attempt?: number;
  attempts?: AttemptDocument[];
  files?: ScenarioFiles;
}

/** Counts of scenarios by status. */
export type StatusCounts = Record<ScenarioStatus, number> & { total: number };

/** The whole document (results.json). */
export interface ResultsDocument {
  tool: RunResults['tool'];
  client: RunResults['client'];
  specVersion: RequestedRevision;
  strict?: boolean;
  startedAt: string;
  durationMs: number;
  partial: boolean;
  interruptedBy?: RunResults['interruptedBy'];
  notRun?: string[];
  /** Counts of the judged scenarios; previews counted apart. */
  summary: StatusCounts & { preview: StatusCounts };
  scenarios: ScenarioDocument[];
}

/** Folder of one scenario's trace and output inside a results folder. */
export function scenarioFolder(scenario: { id: string; specVersion: string }): string {
  return `${scenario.id}@${scenario.specVersion}`;
}

/** Why a preview does not count: its checks judge a newer revision than the client speaks. */
export function previewNote(s: { specVersion: string; protocolVersion: string | null }): string {
  return `preview: judged at ${s.specVersion}, newer than the revision the client speaks (${s.protocolVersion ?? 'it sent none'}); not counted`;
}

export class ResultsDirError extends UsageError {}

/** Reads DIR/results.json; a folder without one is a usage error, not a crash. */
export async function readResultsDir(dir: string): Promise<ResultsDocument> {
  let text: string;
  try {
    text = await readFile(join(dir, 'results.json'), 'utf8');
  } catch {
    throw new ResultsDirError(`${dir} holds no results.json; pass a folder written by --out`);
  }
  try {
    return JSON.parse(text) as ResultsDocument;
  } catch (error) {
    throw new ResultsDirError(`${join(dir, 'results.json')} is not JSON: ${(error as Error).message}`);
  }
}
