import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultsValidator } from '../reports/results-folder.js';

/** Compiled output root (dist/ or a private build folder): tests run the product the way a user does. */
export const BUILD_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(BUILD_ROOT, 'harness', 'cli.js');
export const SCRIPTED_CLIENT = join(BUILD_ROOT, 'tests', 'clients', 'scripted-client.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Parsed results.json when the run wrote one. */
  results?: ResultsJson;
  outDir: string;
}

export interface ResultsJson {
  client: { name: string; drive?: string };
  summary: Record<string, number>;
  scenarios: {
    id: string;
    status: string;
    /** How an agent was driven in this scenario (`--drive auto` chooses per scenario). */
    drive?: string;
    specVersion: string;
    /** What the client sent in initialize, `_meta` or the MCP-Protocol-Version header; null when it never did. */
    protocolVersion?: string | null;
    revisionNote?: string;
    preview?: boolean;
    reason?: string;
    /** How the client's process ended; `settled` says why the harness ended it early. */
    client?: { exitCode: number | null; signal: string | null; timedOut: boolean; settled?: string };
    checks: {
      id: string;
      status: string;
      level: string;
      message: string;
      requirement: { id: string; url: string; source: string };
      known?: { url: string; title: string; fixedIn?: string };
    }[];
  }[];
}

/** What the CLI printed and how it ended, when run with exactly the arguments given. */
export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

/** Runs the CLI as a separate process with exactly `args` (no --out added); killed after `timeoutMs`. */
export async function runCliRaw(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<CliOutcome> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, FORCE_COLOR: '0', ...options.env }, cwd: options.cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr, ms: Date.now() - started };
}

/** results.json as the schema shipped with the package allows it (the harness does not validate what it writes). */
function validResults(document: unknown): ResultsJson {
  const validate = resultsValidator();
  assert.ok(validate(document), `results.json does not match its schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  return document as ResultsJson;
}

/** Runs the CLI as a separate process with --out into a fresh folder, reads what it wrote and validates it. */
export async function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  const outDir = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-test-'));
  const { code, stdout, stderr } = await runCliRaw([...args, '--out', outDir], options);
  let text: string | undefined;
  try {
    text = await readFile(join(outDir, 'results.json'), 'utf8');
  } catch {
    text = undefined;
  }
  const results = text === undefined ? undefined : validResults(JSON.parse(text));
  return { code, stdout, stderr, results, outDir };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** The command line of the scripted test client with the given faults. */
export function scriptedClient(...faults: string[]): string {
  return scriptedCommand(faults.flatMap((f) => ['--fault', f]));
}

/** The scripted test client asking for `authMethod` when it registers (`auto`: one the metadata lists), with the given faults. */
export function scriptedClientAsking(authMethod: string, ...faults: string[]): string {
  return scriptedCommand(['--auth-method', authMethod, ...faults.flatMap((f) => ['--fault', f])]);
}

function scriptedCommand(args: string[]): string {
  return [process.execPath, SCRIPTED_CLIENT, ...args].map((w) => `'${w}'`).join(' ');
}

export function checkOf(run: CliRun, scenario: string, check: string) {
  const s = run.results?.scenarios.find((x) => x.id === scenario);
  if (!s) throw new Error(`scenario ${scenario} missing from results; stdout: ${run.stdout}\nstderr: ${run.stderr}`);
  const c = s.checks.find((x) => x.id === check);
  if (!c) throw new Error(`check ${check} missing from ${scenario}`);
  return c;
}

/** Asserts that a run exited 0 with every scenario passing; a failure names the checks that did not pass. */
export function assertAllPass(run: CliRun): void {
  assert.equal(run.code, 0, run.stdout + run.stderr);
  for (const s of run.results!.scenarios) assert.equal(s.status, 'pass', `${s.id}: ${JSON.stringify(s.checks.filter((c) => c.status !== 'pass'))}`);
}

/** What a deliberately broken client must get: the status and message of one check, and the run's exit code. */
export interface BrokenOutcome {
  scenario: string;
  check: string;
  status: 'fail' | 'warn';
  message: RegExp;
  exit: number;
}

/** Runs the CLI with `args` and asserts the outcome `expected` names; the results folder is removed after. */
export async function assertBrokenRun(args: string[], expected: BrokenOutcome): Promise<void> {
  const run = await runCli(args);
  try {
    const check = checkOf(run, expected.scenario, expected.check);
    assert.equal(check.status, expected.status, check.message);
    assert.match(check.message, expected.message);
    assert.equal(run.code, expected.exit, run.stdout);
  } finally {
    await removeDir(run.outDir);
  }
}

/** Whether a process is still running: a zombie awaiting a reaper (as under a container's pid 1) is not. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
