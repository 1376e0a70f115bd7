import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { DIST_ROOT } from './paths.js';

/** The names under which clients look for a browser; each is a shim that hands the URL to the harness. */
export const BROWSER_SHIM_NAMES = ['xdg-open', 'open', 'sensible-browser', 'x-www-browser', 'www-browser'] as const;

export interface Workspace {
  root: string;
  home: string;
  cwd: string;
  bin: string;
  /** Environment a client runs with: private HOME, XDG folders and TMPDIR, browser shims first on PATH. */
  env: NodeJS.ProcessEnv;
  remove(): Promise<void>;
}

/** Variables that would point a client at the user's own folders, configuration or browser. */
const OVERRIDDEN = /^(HOME|USERPROFILE|TMPDIR|TMP|TEMP|BROWSER|XDG_[A-Z_]+|APPDATA|LOCALAPPDATA|NPM_CONFIG_USERCONFIG|npm_config_userconfig)$/;

function shimScript(node: string, shim: string, userAgentUrl: string): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `#!/bin/sh\nexec ${quote(node)} ${quote(shim)} ${quote(userAgentUrl)} "$0" "$@"\n`;
}

/** Creates a client run's private folders and browser shims that post every URL to `userAgentUrl`. */
export async function createWorkspace(userAgentUrl: string): Promise<Workspace> {
  const root = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-'));
  const dirs = {
    home: join(root, 'home'),
    config: join(root, 'xdg', 'config'),
    data: join(root, 'xdg', 'data'),
    state: join(root, 'xdg', 'state'),
    cache: join(root, 'xdg', 'cache'),
    runtime: join(root, 'xdg', 'runtime'),
    tmp: join(root, 'tmp'),
    bin: join(root, 'bin'),
    cwd: join(root, 'work'),
  };
  await Promise.all(Object.values(dirs).map((dir) => mkdir(dir, { recursive: true })));
  await chmod(dirs.runtime, 0o700);
  const script = shimScript(process.execPath, join(DIST_ROOT, 'harness', 'user-agent', 'browser-shim.js'), userAgentUrl);
  await Promise.all(BROWSER_SHIM_NAMES.map((name) => writeFile(join(dirs.bin, name), script, { mode: 0o755 })));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OVERRIDDEN.test(name)));
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    HOME: dirs.home,
    USERPROFILE: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_STATE_HOME: dirs.state,
    XDG_CACHE_HOME: dirs.cache,
    XDG_RUNTIME_DIR: dirs.runtime,
    TMPDIR: dirs.tmp,
    TMP: dirs.tmp,
    TEMP: dirs.tmp,
    PATH: [dirs.bin, process.env.PATH ?? '/usr/bin:/bin'].join(delimiter),
    BROWSER: join(dirs.bin, 'xdg-open'),
    NO_PROXY: '127.0.0.1,localhost,::1',
    no_proxy: '127.0.0.1,localhost,::1',
  };
  return {
    root,
    home: dirs.home,
    cwd: dirs.cwd,
    bin: dirs.bin,
    env,
    remove: () => rm(root, { recursive: true, force: true, maxRetries: 3 }),
  };
}
