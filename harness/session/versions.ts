import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import semver from 'semver';
import { UsageError } from '../usage-error.js';
import { NAMED_CLIENT, REAL_CLIENTS } from '../clients/index.js';
import type { RealClientDefinition } from '../clients/real-client.js';
import type { Drive } from '../clients/types.js';
import { runSessions, type RunTarget } from './several.js';
import type { SessionTemplate } from './request.js';

// Published versions of a real client (npm registry metadata) and the version lists of `--versions` and `bisect`.

const run = promisify(execFile);

export class VersionsError extends UsageError {}

/** Every published version of a package, from `npm view PKG versions --json` (one registry request). */
export async function publishedVersions(pkg: string): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await run('npm', ['view', pkg, 'versions', '--json'], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }));
  } catch (error) {
    throw new VersionsError(`cannot list the published versions of ${pkg} with npm view (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = JSON.parse(stdout || '[]') as unknown;
  const list = typeof parsed === 'string' ? [parsed] : Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  if (list.length === 0) throw new VersionsError(`npm view lists no versions of ${pkg}`);
  return list;
}

/** Valid semantic versions, ascending; pre-releases only when asked. */
export function ascending(versions: readonly string[], preReleases = false): string[] {
  return semver.sort(versions.filter((v) => semver.valid(v) !== null && (preReleases || semver.prerelease(v) === null)));
}

/**
 * The published versions from one end to the other, ascending, both ends included (an end that is a pre-release is
 * kept even without `preReleases`). Either end may be given first: `a` may be newer than `b`.
 */
export function versionsBetween(published: readonly string[], a: string, b: string, options: { preReleases?: boolean; pkg?: string } = {}): string[] {
  for (const end of [a, b]) {
    if (!published.includes(end)) throw new VersionsError(`${end} is not a published version${options.pkg ? ` of ${options.pkg}` : ''}`);
  }
  const [low, high] = semver.lte(a, b) ? [a, b] : [b, a];
  const inside = ascending(published, options.preReleases).filter((v) => semver.gt(v, low) && semver.lt(v, high));
  return low === high ? [low] : [low, ...inside, high];
}

/** A real client's adapter definition by name, or a usage error listing them. */
export function realClientDefinition(name: string): RealClientDefinition {
  const definition = REAL_CLIENTS.find((c) => c.name === name);
  if (!definition) throw new VersionsError(`'${name}' is not a built-in real client (${REAL_CLIENTS.map((c) => c.name).join(', ')})`);
  return definition;
}

const NAMED = /^([a-z][a-z0-9-]*)@(.+)$/;

/** What `--versions` asks for: a list of exact versions, or one semver range; and the client it names, if it does. */
export interface VersionsSpec {
  client?: string;
  list?: string[];
  range?: string;
}

/**
 * Parses `--versions`: `A,B,C` (each optionally `NAME@A`) or one semver range (`NAME@>=1.0 <1.2`, `^1.17`), for the
 * `--client` given or the client the value names.
 */
export function parseVersionsSpec(value: string): VersionsSpec {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new VersionsError('--versions needs versions: A,B,C or a range such as "opencode@>=1.0 <1.2"');
  let client: string | undefined;
  const bare = items.map((item) => {
    const named = NAMED.exec(item);
    if (!named) return item;
    if (client && client !== named[1]) throw new VersionsError(`--versions names two clients, ${client} and ${named[1]}`);
    client = named[1];
    return named[2]!;
  });
  const [only] = bare;
  if (bare.length === 1 && only !== undefined && semver.valid(only) === null) {
    if (semver.validRange(only) === null) throw new VersionsError(`--versions: '${only}' is neither a version nor a semver range`);
    return { ...(client ? { client } : {}), range: only };
  }
  for (const v of bare) {
    if (!/^[0-9A-Za-z.+-]+$/.test(v)) throw new VersionsError(`--versions: '${v}' is not a version (a list takes exact versions; a range goes alone)`);
  }
  return { ...(client ? { client } : {}), list: [...new Set(bare)] };
}

/** The published versions a range selects, ascending; a pre-release only when asked or when the range names one (semver's rule). */
export function versionsInRange(published: readonly string[], range: string, preReleases = false): string[] {
  return ascending(published, true).filter((v) => semver.satisfies(v, range, { includePrerelease: preReleases }));
}

/** What `--versions` runs: built-in real clients as NAME@V (a range through npm view), or a command with {version}. */
export async function versionTargets(value: string, client: string | undefined): Promise<RunTarget[]> {
  const spec = parseVersionsSpec(value);
  const given = client?.trim() || undefined;
  const givenName = given && NAMED_CLIENT.exec(given)?.[1];
  if (given === 'reference') throw new VersionsError('--versions needs a real client (the reference client has one version), or a command with {version}');
  const isCommand = given !== undefined && !REAL_CLIENTS.some((c) => c.name === (givenName ?? given));
  if (isCommand) {
    if (spec.client) throw new VersionsError(`--versions names ${spec.client}, but --client is a command`);
    if (!given.includes('{version}')) throw new VersionsError('--versions with a command --client needs {version} in the command, replaced by each version');
    if (!spec.list) throw new VersionsError('--versions with a command --client takes a list of versions, not a range (there is no registry to ask)');
    return spec.list.map((v) => ({ label: `version-${v.replace(/[^0-9A-Za-z.+-]/g, '_')}`, client: given.replaceAll('{version}', v) }));
  }
  if (given && given !== givenName && given.includes('@'))
    throw new VersionsError(`--client ${given} names a version; with --versions give the client's name alone`);
  const name = spec.client ?? givenName ?? given;
  if (!name) throw new VersionsError(`--versions needs a client: --client NAME, or NAME@ in the value (e.g. "opencode@>=1.0 <1.2")`);
  if (spec.client && given && spec.client !== (givenName ?? given)) throw new VersionsError(`--versions names ${spec.client}, --client ${given}`);
  const definition = realClientDefinition(name);
  let versions: string[];
  if (spec.range) {
    versions = versionsInRange(await publishedVersions(definition.npmPackage), spec.range);
    if (versions.length === 0) throw new VersionsError(`no published version of ${definition.npmPackage} satisfies '${spec.range}'`);
  } else {
    const list = spec.list!;
    versions = list.every((v) => semver.valid(v) !== null) ? semver.sort([...list]) : list;
  }
  return versions.map((v) => ({ label: `${name}@${v}`, client: `${name}@${v}` }));
}

/** The flags of `run` that `--versions` refuses. */
export interface VersionedRunFlags {
  clientPath?: string;
  updateBaseline?: unknown;
}

/** Before anything is selected or installed: the flags that hold for one version only. */
export function refuseVersionsFlags(flags: VersionedRunFlags): void {
  if (flags.clientPath) throw new VersionsError('--versions installs each version; it cannot be combined with --client-path');
  if (flags.updateBaseline) throw new VersionsError('--update-baseline rewrites one baseline from one run; with --versions run each version on its own');
}

/** `run --versions`: one session per version (harness/session/several.ts). */
export async function runVersions(value: string, client: string | undefined, template: SessionTemplate, drive?: Drive): Promise<number> {
  return runSessions(await versionTargets(value, client), template, drive, 'version');
}
