import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { resultsDocument } from './json.js';
import { UsageError } from './usage-error.js';

/** results.json as written by writeResults: what every other report reads. */
export type ResultsDocument = ReturnType<typeof resultsDocument>;
export type ScenarioDocument = ResultsDocument['scenarios'][number];
export type CheckDocument = ScenarioDocument['checks'][number];

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
