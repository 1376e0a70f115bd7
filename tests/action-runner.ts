import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';

// Runs a composite action's steps the way the GitHub runner does, as far as the harness's action.yml uses it:
// `${{ … }}` expressions over inputs (with their defaults), github.action_path and earlier steps' outputs; `if:` with
// always(), success(), ==, != and &&; each `run:` step under `bash --noprofile --norc -eo pipefail` with its `env:`
// and `working-directory`, fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files; a step's outputs read back from its
// GITHUB_OUTPUT. `uses:` steps are not run (they need GitHub); their `with:` is resolved and returned. An
// expression this does not understand throws, so a change to action.yml cannot pass unexamined.

interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface ActionFile {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRecord {
  name: string;
  /** Skipped by its `if:`. */
  skipped: boolean;
  /** Exit code of a `run:` step; undefined for a `uses:` step. */
  code?: number | null;
  stdout: string;
  stderr: string;
  /** What the step wrote to GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** What the step appended to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** A `uses:` step: the action and its resolved `with:`. */
  uses?: { action: string; with: Record<string, string> };
}

export interface ActionRun {
  steps: StepRecord[];
  /** The action's `outputs:`, resolved. */
  outputs: Record<string, string>;
  /** Whether every run step that ran succeeded (the job's status). */
  success: boolean;
}

interface Context {
  inputs: Record<string, string>;
  actionPath: string;
  steps: Record<string, Record<string, string>>;
  success: boolean;
}

function value(expression: string, ctx: Context): string | boolean {
  const e = expression.trim();
  if (e === 'always()') return true;
  if (e === 'success()') return ctx.success;
  if (e === 'failure()') return !ctx.success;
  const literal = /^'((?:[^']|'')*)'$/.exec(e);
  if (literal) return literal[1]!.replace(/''/g, "'");
  const input = /^inputs\.([A-Za-z0-9_-]+)$/.exec(e);
  if (input) {
    if (!(input[1]! in ctx.inputs)) throw new Error(`action.yml uses inputs.${input[1]}, which it does not declare`);
    return ctx.inputs[input[1]!]!;
  }
  if (e === 'github.action_path') return ctx.actionPath;
  const output = /^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$/.exec(e);
  if (output) return ctx.steps[output[1]!]?.[output[2]!] ?? '';
  throw new Error(`expression the test runner does not understand: ${e}`);
}

/** An `if:` condition or the inside of `${{ }}`: operands joined by && and compared with == / !=. */
export function evaluate(expression: string, ctx: Context): string | boolean {
  const parts = expression.split('&&');
  if (parts.length > 1) return parts.every((p) => truthy(evaluate(p, ctx)));
  const comparison = /^(.*?)(==|!=)(.*)$/.exec(expression);
  if (comparison) {
    const equal = String(value(comparison[1]!, ctx)) === String(value(comparison[3]!, ctx));
    return comparison[2] === '==' ? equal : !equal;
  }
  return value(expression, ctx);
}

const truthy = (v: string | boolean) => v !== false && v !== '';

/** Replaces every `${{ … }}` in a text, as the runner does before a step runs. */
export function substitute(text: string, ctx: Context): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, inner: string) => String(evaluate(inner, ctx)));
}

function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

function bash(script: string, env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs `actionPath/action.yml` with `inputs` in `workspace` (the job's working folder); `temp` is RUNNER_TEMP. `env`
 * is the job's environment (PATH and the like).
 */
export async function runAction(
  actionPath: string,
  inputs: Record<string, string>,
  options: { workspace: string; temp: string; env?: NodeJS.ProcessEnv; stepTimeoutMs?: number },
): Promise<ActionRun> {
  const action = parse(await readFile(join(actionPath, 'action.yml'), 'utf8')) as ActionFile;
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`);
  for (const name of Object.keys(inputs)) if (!(name in action.inputs)) throw new Error(`action.yml has no input ${name}`);
  const resolvedInputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    if (spec.required && !(name in inputs)) throw new Error(`input ${name} is required`);
    resolvedInputs[name] = inputs[name] ?? spec.default ?? '';
  }
  const ctx: Context = { inputs: resolvedInputs, actionPath, steps: {}, success: true };
  const records: StepRecord[] = [];
  for (const [i, step] of action.runs.steps.entries()) {
    const name = step.name ?? step.uses ?? `step ${i + 1}`;
    const runIt = step.if === undefined ? ctx.success : truthy(evaluate(step.if.replace(/^\$\{\{(.*)\}\}$/, '$1'), ctx));
    if (!runIt) {
      records.push({ name, skipped: true, stdout: '', stderr: '', outputs: {}, summary: '' });
      continue;
    }
    if (step.uses) {
      const resolved = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)]));
      records.push({ name, skipped: false, stdout: '', stderr: '', outputs: {}, summary: '', uses: { action: step.uses, with: resolved } });
      continue;
    }
    if (step.shell !== 'bash' || step.run === undefined) throw new Error(`step ${name}: only bash run steps are supported`);
    const outputFile = join(options.temp, `output-${i}`);
    const summaryFile = join(options.temp, `summary-${i}`);
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)]));
    const env: NodeJS.ProcessEnv = {
      ...options.env,
      ...stepEnv,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_WORKSPACE: options.workspace,
      RUNNER_TEMP: options.temp,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
    };
    const cwd = step['working-directory'] ? substitute(step['working-directory'], ctx) : options.workspace;
    const result = await bash(substitute(step.run, ctx), env, cwd, options.stepTimeoutMs ?? 300_000);
    const outputs = parseOutputFile(await readFile(outputFile, 'utf8'));
    if (step.id) ctx.steps[step.id] = outputs;
    if (result.code !== 0) ctx.success = false;
    records.push({
      name,
      skipped: false,
      code: result.code,
      stdout: result.stdout,
      stderr: result.stderr,
      outputs,
      summary: await readFile(summaryFile, 'utf8'),
    });
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([k, v]) => [k, substitute(v.value, ctx)]));
  return { steps: records, outputs, success: ctx.success };
}
