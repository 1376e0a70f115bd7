import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { DIST_ROOT } from '../paths.js';

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

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The POST the shim makes, in Perl: an HTTP/1.0 request on a plain socket, the launcher's arguments form-encoded
 * byte by byte (as curl's --data-urlencode does), success when the status is 2xx. Single quotes never appear in it,
 * so it sits in a single-quoted shell word.
 */
const PERL_POST = [
  'my ($u, @a) = @ARGV;',
  'my ($h, $p, $path) = $u =~ m{^http://([^:/]+):(\\d+)(/.*)$} or exit 2;',
  'sub enc { my $s = shift; $s =~ s/([^A-Za-z0-9_.~-])/sprintf("%%%02X", ord $1)/ge; $s }',
  'my $b = join "&", "argv0=" . enc(shift @a), map { "arg=" . enc($_) } @a;',
  'my $s = IO::Socket::INET->new(PeerAddr => $h, PeerPort => $p) or do { print STDERR "browser shim: cannot reach the harness user agent: $!\\n"; exit 1 };',
  'print $s "POST $path HTTP/1.0\\r\\nHost: $h:$p\\r\\nContent-Type: application/x-www-form-urlencoded\\r\\nContent-Length: " . length($b) . "\\r\\n\\r\\n$b";',
  'my $l = <$s>; exit(defined $l && $l =~ m{^HTTP/\\S+ 2} ? 0 : 1);',
].join(' ');

/**
 * A browser launcher that posts its arguments to the user agent and returns at once, without starting a Node runtime
 * (~0.1 s of CPU per URL). POSIX has no HTTP client, and no single one is on every Linux and macOS machine, so the
 * script takes the first of:
 *   - curl: on every macOS, on Fedora/RHEL (curl-minimal) and most desktops and CI images, but not on minimal
 *     Debian or Ubuntu images; the cheapest to start (~5 ms of CPU). `-q` ignores any .curlrc, `--noproxy '*'` any
 *     proxy variable the client inherited.
 *   - perl with IO::Socket::INET: both are in perl-base, which Debian and Ubuntu mark Essential (installed
 *     everywhere, minimal images included), and macOS ships /usr/bin/perl (~20 ms of CPU).
 *   - the Node shim (harness/user-agent/browser-shim.js) with the harness's own Node, which is always there.
 * Every path hands over the same arguments and exits 0 when the user agent accepted the URL, 1 otherwise.
 */
export function shimScript(node: string, shim: string, userAgentUrl: string): string {
  return [
    '#!/bin/sh',
    `endpoint=${quote(userAgentUrl)}`,
    'if command -v curl >/dev/null 2>&1; then',
    '  argv0=$0',
    '  for a do set -- "$@" --data-urlencode "arg=$a"; shift; done',
    `  code=$(curl -q -s -o /dev/null -w '%{http_code}' --noproxy '*' --data-urlencode "argv0=$argv0" "$@" "$endpoint")`,
    '  case $code in',
    '    2??) exit 0 ;;',
    "    000) echo 'browser shim: cannot reach the harness user agent' >&2; exit 1 ;;",
    '    *) exit 1 ;;',
    '  esac',
    'fi',
    `command -v perl >/dev/null 2>&1 && perl -MIO::Socket::INET -e1 2>/dev/null && exec perl -MIO::Socket::INET -e ${quote(PERL_POST)} "$endpoint" "$0" "$@"`,
    `exec ${quote(node)} ${quote(shim)} "$endpoint" "$0" "$@"`,
    '',
  ].join('\n');
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
