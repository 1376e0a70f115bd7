import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { quote } from 'shell-quote';
import type { Scenario } from '../../scenarios/types.js';
import type { LaunchPlan } from '../run/client-process.js';
import { notRunnable } from './executable.js';
import { cachedPackage, installPackage, newestVersion } from './install.js';
import { ClientSpecError, type ClientAdapter, type Drive, type LaunchContext } from './types.js';

/** What `--drive auto` runs, for every agent CLI that has both an agent and a login drive (scenarios/session.ts decides). */
export const AUTO_DRIVE =
  'per scenario: the agent drive where the verdict needs the MCP session (a refusal after the first token, several MCP servers, or authorized requests a login that never uses its token does not make), the login drive elsewhere';

/** Where a real client comes from and how one scenario drives it; one per adapter file. */
export interface RealClientDefinition {
  name: string;
  description: string;
  /** The npm package whose newest version is the client's newest version. */
  npmPackage: string;
  /** The package actually installed (opencode: its platform binary package only). */
  installPackage?: (version: string) => string;
  /** The executable inside an installed package folder. */
  binary: (installDir: string, version: string) => string;
  /** What --client-path names: the client's program (the default) or, for a library, its package folder. */
  clientPathIs?: 'program' | 'folder';
  fixedPorts?: readonly number[];
  /** See ClientAdapter.stopsAfterToken; applies to the login drive only (with auto, to the scenarios that ran it). */
  stopsAfterToken?: string;
  /**
   * The ways this client can be driven, the default first (see Drive); plan() is in agent mode when its context
   * has `model`. Absent: the client has one way (a proxy, a library driver) and --drive does not apply.
   */
  drives?: readonly Drive[];
  /** What each drive runs, for the README's table and `list --clients`. */
  driveDescriptions?: Partial<Record<Drive, string>>;
  skipReason?(scenario: Scenario): string | undefined;
  /** The launch of one scenario; `binary` is the resolved executable (a `.js` file is run with this Node). */
  plan(ctx: LaunchContext, binary: string): LaunchPlan | Promise<LaunchPlan>;
}

/**
 * Every MCP server of the scenario (the runner lists them in MCP_CONFORMANCE_MCP_URLS when there are several), with
 * the name an agent is configured to know it by: `base`, `base-2`, ...
 */
export function namedMcpServers(ctx: LaunchContext, base: string): { name: string; url: string }[] {
  const urls = ctx.env.MCP_CONFORMANCE_MCP_URLS ? (JSON.parse(ctx.env.MCP_CONFORMANCE_MCP_URLS) as string[]) : [ctx.mcpUrl];
  return urls.map((url, i) => ({ name: i === 0 ? base : `${base}-${i + 1}`, url }));
}

/** The pre-registered client a scenario hands over (MCP_CONFORMANCE_CONTEXT), if any. */
export function preRegistered(scenario: Scenario): { clientId: string; clientSecret?: string } | undefined {
  const id = scenario.context?.client_id;
  if (!id) return undefined;
  return { clientId: id, ...(scenario.context?.client_secret ? { clientSecret: scenario.context.client_secret } : {}) };
}

/** `node file.js` for JavaScript entry points, the file itself otherwise. */
export function command(binary: string, args: string[]): { command: string; args: string[] } {
  return /\.(c|m)?js$/.test(binary) ? { command: process.execPath, args: [binary, ...args] } : { command: binary, args };
}

/** The file a package's `bin` entry names, inside an npm install folder. */
export function packageBin(installDir: string, pkg: string, bin: string): string {
  const root = join(installDir, 'node_modules', ...pkg.split('/'));
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const entry = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (!entry) throw new ClientSpecError(`${pkg} has no "${bin}" executable`);
  return join(root, entry);
}

/**
 * The login command, then (if it succeeded) a command that connects with the stored token: CLIs whose login
 * never calls the MCP server with the token they obtained.
 */
export function loginThenConnect(plan: LaunchPlan, connectArgs: string[], pty = false): LaunchPlan {
  const line = `${quote([plan.command, ...plan.args])} && ${quote([plan.command, ...connectArgs])}`;
  return pty ? { ...plan, command: 'script', args: ['-qefc', line, '/dev/null'], keepStdinOpen: true } : { ...plan, command: 'sh', args: ['-c', line] };
}

/** Clears variables that make clients refuse to open a browser or behave as in CI. */
export function interactiveEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy: NodeJS.ProcessEnv = { ...env, DISPLAY: ':0' };
  for (const name of ['CI', 'DEBIAN_FRONTEND', 'GITHUB_ACTIONS', 'WAYLAND_DISPLAY']) delete copy[name];
  return copy;
}

/**
 * An adapter for a real client: `name` (newest), `name@version` (installed on demand into the cache), or
 * `--client-path` (a binary the user has). Installs happen in prepare(), before any namespace is entered.
 */
export function realClient(definition: RealClientDefinition, requestedVersion?: string, clientPath?: string, requestedDrive?: Drive): ClientAdapter {
  const drive = driveOf(definition, requestedDrive);
  let version = requestedVersion;
  let binary = clientPath && absoluteClientPath(definition, clientPath);
  const resolveCached = () => {
    if (binary || !version) return;
    const pkg = definition.installPackage?.(version) ?? definition.npmPackage;
    const dir = cachedPackage(pkg, version);
    if (dir) binary = definition.binary(dir, version);
  };
  resolveCached();
  const label = () => (clientPath ? `${definition.name} (${clientPath})` : version ? `${definition.name}@${version}` : definition.name);
  return {
    get name() {
      return label();
    },
    description: definition.description,
    fixedPorts: definition.fixedPorts,
    ...(definition.stopsAfterToken && drive !== 'agent' ? { stopsAfterToken: definition.stopsAfterToken } : {}),
    ...(drive ? { drive } : {}),
    isolate: true,
    skipReason: definition.skipReason?.bind(definition),
    async prepare() {
      if (binary && clientPath) return checkClientPath(definition, binary);
      if (binary) return;
      version ??= await newestVersion(definition.npmPackage);
      const pkg = definition.installPackage?.(version) ?? definition.npmPackage;
      const dir = await installPackage(pkg, version);
      binary = definition.binary(dir, version);
      if (!existsSync(binary)) throw new ClientSpecError(`${pkg}@${version} installed, but ${binary} is missing`);
    },
    spec: () => ({
      client: clientPath ? definition.name : label(),
      ...(clientPath ? { clientPath } : {}),
      ...(requestedDrive ? { drive: requestedDrive } : {}),
    }),
    plan(ctx) {
      if (!binary) throw new Error(`${label()} is not installed (prepare() was not run)`);
      return definition.plan(ctx, binary);
    },
  };
}

/**
 * A relative --client-path is relative to where the harness was started, not to the scenario's working folder the client
 * runs in; a bare program name (no "/") is looked up on PATH as a shell would.
 */
function absoluteClientPath(definition: RealClientDefinition, path: string): string {
  if (isAbsolute(path) || (definition.clientPathIs !== 'folder' && !path.includes('/'))) return path;
  return resolve(path);
}

/** A --client-path that cannot be run is a set-up mistake: refused before any scenario, not judged as the client's. */
function checkClientPath(definition: RealClientDefinition, path: string): void {
  if (definition.clientPathIs === 'folder') {
    let folder = false;
    try {
      folder = statSync(path).isDirectory();
    } catch {
      // reported below
    }
    if (!folder)
      throw new ClientSpecError(`--client-path ${path}: no such folder; give the ${definition.name} package folder (node_modules/${definition.npmPackage})`);
    return;
  }
  const problem = notRunnable(path);
  if (problem)
    throw new ClientSpecError(
      `--client-path ${path}: ${problem}; give the path of an installed ${definition.name} program, or leave --client-path out and the harness installs it`,
    );
}

/** The drive a run uses: the one asked for if the client supports it, else its default. */
function driveOf(definition: RealClientDefinition, requested: Drive | undefined): Drive | undefined {
  const supported = definition.drives ?? [];
  if (requested === undefined) return supported[0];
  if (supported.includes(requested)) return requested;
  throw new ClientSpecError(
    supported.length
      ? `--drive ${requested}: ${definition.name} can be driven as ${supported.join(' or ')}`
      : `--drive ${requested}: ${definition.name} is driven one way only (${definition.description}); leave --drive out`,
  );
}
