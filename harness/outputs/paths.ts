import { execFile } from 'node:child_process';
import { resolve, sep } from 'node:path';
import { UsageError } from '../usage-error.js';
import { textFlag, type OutputCommand, type OutputFlags, type OutputOptions } from '../../reports/writer.js';

// Every path an output will write, created and written to once before anything runs: a folder that cannot be
// made or written is a usage error up front, not a stack trace (or a hang) after the whole run.

/** One path a command will write: which flag named it, where, and whether it is a folder or a file. */
export interface OutputTarget {
  flag: string;
  path: string;
  kind: 'folder' | 'file';
}

/** Longest the probe may take: a recursive mkdir can hang (a dead network mount, kernel file systems). */
const PROBE_TIMEOUT_MS = 5_000;

/** Kernel file systems: Node's recursive mkdir under /proc never returns, and nothing there is a results folder. */
const KERNEL_FILE_SYSTEMS = ['/proc', '/sys'];

/** `-o, --out <dir>` → `--out` and the parsed flag's name `out`; `--update-baseline` → `updateBaseline`. */
function flagNames(flags: string): { long: string; key: string } | undefined {
  const long = /--([a-z][a-z-]*)/.exec(flags)?.[1];
  if (!long) return undefined;
  return { long: `--${long}`, key: long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) };
}

/** The paths the command's writers will write, from their options' `writes`. */
export function outputTargets(writers: readonly OutputOptions[], command: OutputCommand, flags: OutputFlags): OutputTarget[] {
  const targets = new Map<string, OutputTarget>();
  for (const writer of writers) {
    for (const option of writer.options) {
      const names = flagNames(option.flags);
      if (!option.writes || !names || option.help[command] === undefined) continue;
      if (option.writes.onlyWith && !flags[option.writes.onlyWith]) continue;
      const value = textFlag(flags, names.key);
      // An empty value is the writer's own usage error (its prepare() says what it needs), not a path.
      if (value?.trim()) targets.set(names.key, { flag: names.long, path: resolve(value), kind: option.writes.kind });
    }
  }
  return [...targets.values()];
}

// Runs in a child process, so a mkdir that never returns can be killed; prints one entry per target.
const PROBE = `
const fs = require('node:fs'), path = require('node:path');
const results = JSON.parse(process.argv[1]).map((t) => {
  try {
    const dir = t.kind === 'folder' ? t.path : path.dirname(t.path);
    fs.mkdirSync(dir, { recursive: true });
    if (t.kind === 'folder') {
      const probe = path.join(dir, '.mcp-oauth-conformance-probe-' + process.pid);
      fs.writeFileSync(probe, '');
      fs.rmSync(probe);
    } else {
      const existed = fs.existsSync(t.path);
      if (existed && fs.statSync(t.path).isDirectory()) return { code: 'EISDIR' };
      fs.closeSync(fs.openSync(t.path, 'a'));
      if (!existed) fs.rmSync(t.path);
    }
    return null;
  } catch (error) {
    return { code: error.code || 'ERROR', message: error.message };
  }
});
process.stdout.write(JSON.stringify(results));
`;

function problemOf(target: OutputTarget, failure: { code: string; message?: string }): string {
  const what = target.kind === 'folder' ? 'a folder' : 'a file';
  switch (failure.code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `cannot write there (${failure.code}); choose ${what} you can write to`;
    case 'EEXIST':
    case 'ENOTDIR':
      return `a file is in the way of the folder (${failure.code}); choose another path`;
    case 'EISDIR':
      return 'is a folder; give a file name';
    case 'ENOSPC':
      return 'the disk is full (ENOSPC); free space or choose another disk';
    default:
      return `cannot create it (${failure.message ?? failure.code}); choose another path`;
  }
}

/** Creates every target's folder and writes a probe there (a file target: opened for appending, unchanged). Throws a UsageError. */
export async function probeOutputTargets(targets: readonly OutputTarget[]): Promise<void> {
  if (targets.length === 0) return;
  for (const target of targets) {
    const root = KERNEL_FILE_SYSTEMS.find((fs) => target.path === fs || target.path.startsWith(`${fs}${sep}`));
    if (root)
      throw new UsageError(
        `${target.flag} ${target.path}: ${root} is a kernel file system, not a place for results; choose ${target.kind === 'folder' ? 'a folder' : 'a file'} elsewhere`,
      );
  }
  const stdout = await new Promise<string>((resolveProbe, reject) => {
    execFile(process.execPath, ['-e', PROBE, JSON.stringify(targets)], { timeout: PROBE_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, out) => {
      if (error && (error as { killed?: boolean }).killed) {
        const paths = targets.map((t) => `${t.flag} ${t.path}`).join(', ');
        reject(new UsageError(`creating ${paths} did not finish in ${PROBE_TIMEOUT_MS / 1000} s (a hung mount?); choose a local folder`));
      } else if (error) reject(new Error(`the output probe failed: ${error.message}`));
      else resolveProbe(out);
    });
  });
  const failures = JSON.parse(stdout) as ({ code: string; message?: string } | null)[];
  for (const [i, failure] of failures.entries()) {
    const target = targets[i]!;
    if (failure) throw new UsageError(`${target.flag} ${target.path}: ${problemOf(target, failure)}`);
  }
}
