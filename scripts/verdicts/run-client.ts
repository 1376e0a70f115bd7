import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../../harness/paths.js';
import { shownPath, type RunRecord } from './runs.js';

// `client-verdicts --run`: one client through the catalogue into its results folder, with run.json beside it.

/** The harness CLI of this build (dist/, or a private build folder). */
const CLI_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'harness', 'cli.js');

/** Runs one client through the whole catalogue into `dir/label`, writing run.json beside its results. */
export async function runClient(
  label: string,
  client: string,
  dir: string,
  options: { timeoutMs: number; nice: number; specVersion?: string; scenarios?: string[] },
): Promise<RunRecord> {
  const out = join(dir, label);
  await mkdir(out, { recursive: true });
  const args = [
    CLI_PATH,
    '--client',
    client,
    '--jobs',
    '1',
    '--timeout',
    String(options.timeoutMs),
    ...(options.specVersion ? ['--spec-version', options.specVersion] : []),
    ...(options.scenarios ?? []).flatMap((s) => ['--scenario', s]),
    '--out',
    out,
  ];
  const argv = options.nice > 0 ? ['nice', '-n', String(options.nice), process.execPath, ...args] : [process.execPath, ...args];
  // Shown as run from the repository root, with its paths relative to it: the document names no machine's folders.
  const shown = [
    ...(options.nice > 0 ? ['nice', '-n', String(options.nice)] : []),
    'node',
    relative(PACKAGE_ROOT, CLI_PATH),
    ...args.slice(1, -1),
    shownPath(out),
  ].join(' ');
  const startedAt = new Date();
  const log = createWriteStream(join(dir, `${label}.log`));
  const child = spawn(argv[0]!, argv.slice(1), { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exitCode = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  log.end();
  const record: RunRecord = {
    client,
    command: shown,
    startedAt: startedAt.toISOString(),
    wallSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    exitCode,
  };
  await writeFile(join(out, 'run.json'), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}
