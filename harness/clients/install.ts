import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { harnessCacheRoot } from '../cache-root.js';
import { ClientSpecError } from './types.js';

const run = promisify(execFile);
const MARKER = '.installed';

/** Where on-demand client installs live: `$XDG_CACHE_HOME/mcp-oauth-conformance/clients`, or `~/.cache/...`. */
export function clientCacheRoot(): string {
  return join(harnessCacheRoot(), 'clients');
}

export function packageDir(pkg: string, version: string): string {
  return join(clientCacheRoot(), `${pkg.replace('/', '+')}@${version}`);
}

/** The newest published version of a package (one `npm view`). */
export async function newestVersion(pkg: string): Promise<string> {
  try {
    const { stdout } = await run('npm', ['view', pkg, 'version'], { timeout: 60_000 });
    const version = (stdout.trim().split('\n').pop() ?? '').trim();
    if (!version) throw new Error('npm view printed nothing');
    return version;
  } catch (error) {
    throw new ClientSpecError(`cannot find the newest version of ${pkg} with npm view (${(error as Error).message.split('\n')[0]})`);
  }
}

/** The installed package folder, when `pkg@version` is in the cache already. */
export function cachedPackage(pkg: string, version: string): string | undefined {
  const dir = packageDir(pkg, version);
  return existsSync(join(dir, MARKER)) ? dir : undefined;
}

/**
 * npm's error output reduced to one line: its cause (the first message line, without the code's heading word),
 * the code, what to do for a version that does not exist, and where npm's full log is.
 */
export function npmFailure(pkg: string, stderr: string, fallback: string): string {
  const lines = stderr.split('\n').map((l) => l.replace(/^npm (error|ERR!) ?/, ''));
  const code = /^code (\S+)/m.exec(lines.join('\n'))?.[1];
  const log = /A complete log of this run can be found in:\s*(\S+)/.exec(stderr)?.[1];
  const cause = lines
    .map((l) => l.trim())
    .find((l) => l !== '' && !/^(code|syscall|errno|path|dest)\b/.test(l) && !/^A complete log/.test(l) && !/^at /.test(l) && l !== '{');
  const text = cause?.replace(/^[a-z]+ (?=[A-Z])/, '').replace(/\.$/, '') ?? fallback.split('\n')[0];
  const hint = code === 'ETARGET' ? `; 'npm view ${pkg} versions' lists the published ones` : '';
  return `${text}${code ? ` (${code})` : ''}${hint}${log ? `; npm's full log: ${log}` : ''}`;
}

/**
 * Installs `pkg@version` into its own cache folder with npm (once; later runs reuse it), printing one
 * progress line. Install scripts are not run: every adapter runs a binary that the tarballs ship.
 */
export async function installPackage(pkg: string, version: string, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<string> {
  const dir = packageDir(pkg, version);
  if (existsSync(join(dir, MARKER))) return dir;
  const staging = `${dir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'package.json'), '{"private":true}\n');
  const started = Date.now();
  log(`installing ${pkg}@${version} into ${dir} (npm, once) ...`);
  try {
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--loglevel=error', `${pkg}@${version}`], {
      cwd: staging,
      timeout: 15 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new ClientSpecError(
      `npm could not install ${pkg}@${version}: ${npmFailure(pkg, (error as { stderr?: string }).stderr ?? '', (error as Error).message)}`,
    );
  }
  await writeFile(join(staging, MARKER), `${new Date().toISOString()} ${Date.now() - started} ms\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
  log(`installed ${pkg}@${version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}
