import type { ScenarioDocument } from './results-document.js';

// The commands that run a scenario again: what every report offers beside a failure.

/** One word for POSIX shells, quoted as readably as its characters allow. */
export function shellQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  if (!word.includes("'")) return `'${word}'`;
  if (!/["$`\\!]/.test(word)) return `"${word}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function reproduceCommands(
  client: string,
  scenario: Pick<ScenarioDocument, 'id' | 'specVersion'> & { topologyFile?: string },
  drive?: string,
): { run: string; serve: string } {
  const topology = scenario.topologyFile ? ` --topology ${shellQuote(scenario.topologyFile)}` : '';
  return {
    run: `npx mcp-oauth-conformance --client ${shellQuote(client)}${drive ? ` --drive ${drive}` : ''}${topology} --scenario ${scenario.id} --spec-version ${scenario.specVersion}`,
    serve: `npx mcp-oauth-conformance serve${topology} --scenario ${scenario.id} --spec-version ${scenario.specVersion}`,
  };
}
