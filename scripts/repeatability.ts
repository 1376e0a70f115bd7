// Runs the catalogue N times against the reference client and against broken clients, each run as its own
// CLI process, and reports every verdict (scenario status or check status) that changed between runs.
//   node <build>/scripts/repeatability.js [--runs 20] [--spec-version V] [--jobs N]
// Exit code 0 when no verdict changed, 1 otherwise.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const BUILD_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(BUILD_ROOT, 'harness', 'cli.js');
const SCRIPTED = join(BUILD_ROOT, 'tests', 'clients', 'scripted-client.js');

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    'spec-version': { type: 'string' },
    jobs: { type: 'string' },
  },
});
const RUNS = Number(values.runs);

const scripted = (...faults: string[]) => [process.execPath, SCRIPTED, ...faults.flatMap((f) => ['--fault', f])].map((w) => `'${w}'`).join(' ');
const CLIENTS: { label: string; client: string }[] = [
  { label: 'reference', client: 'reference' },
  { label: 'scripted --fault asm-from-mcp-url', client: scripted('asm-from-mcp-url') },
  { label: 'scripted --fault no-pkce --fault no-state --fault root-prm-first', client: scripted('no-pkce', 'no-state', 'root-prm-first') },
];

interface ResultsJson {
  scenarios: { id: string; status: string; specVersion: string; preview?: boolean; checks: { id: string; status: string }[] }[];
}

/** One run's verdicts: "scenario" → status and "scenario / check" → status. */
type Verdicts = Map<string, string>;

async function runOnce(client: string): Promise<{ code: number | null; verdicts: Verdicts }> {
  const out = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-repeat-'));
  try {
    const args = [CLI, '--client', client, '--out', out];
    if (values['spec-version']) args.push('--spec-version', values['spec-version']);
    if (values.jobs) args.push('--jobs', values.jobs);
    const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, FORCE_COLOR: '0' } });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as ResultsJson;
    const verdicts: Verdicts = new Map();
    for (const s of results.scenarios) {
      // The revision a scenario was judged at is part of its verdict (auto: what the client negotiated).
      verdicts.set(s.id, `${s.status}@${s.specVersion}${s.preview ? ' (preview)' : ''}`);
      for (const c of s.checks) verdicts.set(`${s.id} / ${c.id}`, c.status);
    }
    verdicts.set('(exit code)', String(code));
    return { code, verdicts };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

function changes(runs: Verdicts[]): string[] {
  const keys = new Set(runs.flatMap((r) => [...r.keys()]));
  const lines: string[] = [];
  for (const key of keys) {
    const seen = new Map<string, number[]>();
    runs.forEach((r, i) => {
      const value = r.get(key) ?? '(missing)';
      seen.set(value, [...(seen.get(value) ?? []), i + 1]);
    });
    if (seen.size > 1) lines.push(`${key}: ${[...seen].map(([v, at]) => `${v} in run(s) ${at.join(',')}`).join('; ')}`);
  }
  return lines;
}

const started = Date.now();
let changed = 0;
for (const { label, client } of CLIENTS) {
  const runs: Verdicts[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    runs.push((await runOnce(client)).verdicts);
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  const diff = changes(runs);
  changed += diff.length;
  const first = runs[0]!;
  const statuses = [...first].filter(([k]) => !k.includes(' / ') && k !== '(exit code)').map(([k, v]) => `${k}=${v}`);
  const checks = [...first.keys()].filter((k) => k.includes(' / ')).length;
  process.stdout.write(
    `${label}: ${RUNS} runs, ${checks} check verdicts and ${statuses.length} scenario verdicts per run (${statuses.join(', ')}; exit ${first.get('(exit code)')})\n`,
  );
  process.stdout.write(diff.length ? diff.map((d) => `  CHANGED ${d}\n`).join('') : '  no verdict changed\n');
}
process.stdout.write(`${changed} changed verdict(s) in ${Math.round((Date.now() - started) / 1000)} s\n`);
process.exitCode = changed ? 1 : 0;
