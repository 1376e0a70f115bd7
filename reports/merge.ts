import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { summarize } from './results.js';
import { readResultsDir, ResultsDirError, scenarioFolder, type ResultsDocument } from './results-document.js';

/**
 * Combines the results folders of shards of one run (same client, same spec revision) into one:
 * results.json with every scenario in the given order, and each scenario's folder copied over.
 */
export async function mergeResults(dirs: string[], out: string, order: (id: string) => number = () => 0): Promise<ResultsDocument> {
  const documents = await Promise.all(dirs.map(readResultsDir));
  const first = documents[0];
  if (!first) throw new ResultsDirError('merge needs at least one results folder');
  for (const [i, d] of documents.entries()) {
    if (d.client.name !== first.client.name || d.specVersion !== first.specVersion) {
      throw new ResultsDirError(
        `${dirs[i]} holds results of client ${d.client.name} at ${d.specVersion}, ${dirs[0]} of ${first.client.name} at ${first.specVersion}; merge combines shards of one run (use 'report' to put different runs side by side)`,
      );
    }
  }
  const seen = new Map<string, string>();
  const scenarios: { scenario: ResultsDocument['scenarios'][number]; dir: string }[] = [];
  for (const [i, d] of documents.entries()) {
    for (const s of d.scenarios) {
      const key = scenarioFolder(s);
      if (seen.has(key)) throw new ResultsDirError(`scenario ${key} is in both ${seen.get(key)} and ${dirs[i]}; shards must not overlap`);
      seen.set(key, dirs[i]!);
      scenarios.push({ scenario: s, dir: dirs[i]! });
    }
  }
  scenarios.sort((a, b) => order(a.scenario.id) - order(b.scenario.id));
  await mkdir(out, { recursive: true });
  for (const { scenario, dir } of scenarios) {
    if (resolve(dir) === resolve(out)) continue;
    await cp(join(dir, scenarioFolder(scenario)), join(out, scenarioFolder(scenario)), { recursive: true }).catch(() => {});
  }
  const list = scenarios.map((s) => s.scenario);
  const summary = summarize(list);
  const starts = documents.map((d) => Date.parse(d.startedAt));
  const ends = documents.map((d) => Date.parse(d.startedAt) + d.durationMs);
  const merged: ResultsDocument = {
    ...first,
    startedAt: new Date(Math.min(...starts)).toISOString(),
    durationMs: Math.max(...ends) - Math.min(...starts),
    partial: documents.some((d) => d.partial),
    summary,
    scenarios: list,
  };
  const notRun = documents.flatMap((d) => d.notRun ?? []);
  if (notRun.length) merged.notRun = notRun;
  else delete merged.notRun;
  const interruptedBy = documents.find((d) => d.interruptedBy)?.interruptedBy;
  if (interruptedBy) merged.interruptedBy = interruptedBy;
  await writeFile(join(out, 'results.json'), `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}
