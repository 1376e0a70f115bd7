// Argument parsers and the options several subcommands share, so each reads the same in every help text.
import { InvalidArgumentError, Option } from 'commander';
import { didYouMean } from '../../scenarios/closest-name.js';
import { isSpecVersion, type RequestedRevision } from '../../scenarios/revision.js';
import { SPEC_VERSIONS, SUITES, type Suite } from '../../scenarios/types.js';
import { DRIVES } from '../clients/types.js';

function parseSpecVersion(value: string): RequestedRevision {
  if (value !== 'auto' && !isSpecVersion(value)) throw new InvalidArgumentError(`expected auto or one of ${SPEC_VERSIONS.join(', ')}`);
  return value;
}

function parseSuite(value: string, previous: Suite[]): Suite[] {
  if (!(SUITES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${SUITES.join(', ')}${didYouMean(value, SUITES)}`);
  return [...previous, value as Suite];
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export const specOption = () =>
  new Option(
    '--spec-version <version>',
    `MCP authorization revision to judge against: auto (the protocol version the client negotiates) or ${SPEC_VERSIONS.join(', ')}`,
  )
    .argParser(parseSpecVersion)
    .default('auto');

export const suiteOption = () =>
  new Option('--suite <suite>', `only scenarios of this suite, repeatable (${SUITES.join(', ')})`).argParser(parseSuite).default([]);

export const driveOption = () =>
  new Option(
    '--drive <mode>',
    'agent CLIs: auto (the default where supported: per scenario, agent where the verdict needs the MCP session, login elsewhere), agent (their prompt command against a scripted loopback model, so the MCP session makes tool calls) or login (their MCP login command only); a command client with agent (or auto, where the scenario needs it) gets MCP_CONFORMANCE_MODEL_URL',
  ).choices(DRIVES);

export const strictOption = () => new Option('--strict', 'failures in the interop and backcompat suites fail the run (default: reported as warnings)');
