import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import chalk from 'chalk';
import { UsageError } from './usage-error.js';
import { CHECKS } from '../scenarios/checks/index.js';
import { derivedChecks, parseTopologyText, type SchemaValidator, type TopologyProblem } from '../scenarios/topology-file.js';
import type { Scenario } from '../scenarios/types.js';

// `--topology FILE`: reads user-defined scenarios, validated against the schema shipped in the package.

/** The JSON Schema of topology files, shipped beside the compiled code. */
export const TOPOLOGY_SCHEMA_PATH = fileURLToPath(new URL('../../scenarios/topology-file.schema.json', import.meta.url));

/** A topology file that cannot be used: every problem with its line and field; exit code 2. */
export class TopologyFileError extends UsageError {
  constructor(
    readonly file: string,
    readonly problems: TopologyProblem[],
  ) {
    super(`${file} is not a usable topology file:\n${problems.map((p) => `  ${file}:${p.line}: ${p.field}: ${p.message}`).join('\n')}`);
  }
}

let validator: SchemaValidator | undefined;
export function topologyValidator(): SchemaValidator {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    validator = ajv.compile(JSON.parse(readFileSync(TOPOLOGY_SCHEMA_PATH, 'utf8')) as object) as unknown as SchemaValidator;
  }
  return validator;
}

/** The line of a character offset. */
function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** The scenarios of a topology file (YAML or JSON); a file that cannot be used throws TopologyFileError. */
export function parseTopologyFile(file: string, text: string): Scenario[] {
  if (/\.json$/i.test(file)) {
    try {
      JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const position = /position (\d+)/.exec(message);
      throw new TopologyFileError(file, [
        { line: position ? lineAt(text, Number(position[1])) : 1, field: '(the file)', message: `not valid JSON: ${message}` },
      ]);
    }
  }
  const result = parseTopologyText(text, topologyValidator());
  if (!result.ok) throw new TopologyFileError(file, result.problems);
  return result.scenarios;
}

export async function loadTopologyFile(file: string): Promise<Scenario[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the topology file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseTopologyFile(file, text);
}

/** Which file each loaded user-defined scenario came from, by id (for results and reproduction commands). */
const from = new Map<string, string>();

export function topologyFileOf(scenarioId: string): string | undefined {
  return from.get(scenarioId);
}

/** The scenarios of several files; an id given by two files is a usage error. */
export async function loadTopologyFiles(files: readonly string[]): Promise<Scenario[]> {
  const all: Scenario[] = [];
  from.clear();
  for (const file of files) {
    for (const scenario of await loadTopologyFile(file)) {
      const other = from.get(scenario.id);
      if (other) throw new UsageError(`scenario id '${scenario.id}' is in both ${other} and ${file}`);
      from.set(scenario.id, file);
      all.push(scenario);
    }
  }
  return all;
}

/** `list --topology FILE`: what the file's scenarios would run — servers, revisions, checks (and whether derived). */
export function listTopology(scenarios: readonly Scenario[], files: readonly string[]): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(chalk.bold(`${scenarios.length} scenario(s) from ${files.join(', ')}`));
  for (const s of scenarios) {
    const derived = JSON.stringify(s.checks) === JSON.stringify(derivedChecks(s));
    out(`  ${chalk.bold(s.id)}  ${chalk.gray(`[${s.suite}]`)} ${s.description}`);
    out(chalk.gray(`      specs: ${s.specVersions.join(', ')}`));
    for (const rs of s.topology.resourceServers) {
      const prm = rs.prm
        ? `PRM at ${rs.prm.servedAt.map((l) => (typeof l === 'string' ? l : l.custom)).join(', ')} naming ${rs.prm.authorizationServers.join(', ') || 'no authorization server'}`
        : 'no PRM';
      out(
        chalk.gray(
          `      MCP server ${rs.id}: ${rs.host ?? 'localhost'}${rs.mcpPath}; 401 ${rs.challenge.resourceMetadata ? 'names' : 'does not name'} resource_metadata; ${prm}${rs.gateway ? '; gateway: 401 on every other path' : ''}`,
        ),
      );
    }
    for (const as of s.topology.authorizationServers) {
      out(
        chalk.gray(
          `      authorization server ${as.id}: issuer path '${as.issuerPath}'; metadata at ${as.discovery.join(', ') || 'no well-known URL'}; token auth ${as.tokenEndpointAuthMethods.join(', ')}${as.endpoints.registration ? '' : '; no registration endpoint'}`,
        ),
      );
    }
    const requirements = [...new Set(s.checks.flatMap((id) => CHECKS.get(id)?.requirements ?? []))];
    out(chalk.gray(`      checks (${derived ? 'derived from the topology' : 'listed in the file'}): ${s.checks.join(', ')}`));
    out(chalk.gray(`      requirements: ${requirements.join(', ')}`));
  }
  out(
    chalk.gray(
      `run them: mcp-oauth-conformance --topology ${files.join(' --topology ')} [--client C]; serve one: mcp-oauth-conformance serve --topology ${files[0]} -s ID`,
    ),
  );
}
