// Compares the verdicts of two runs, scenario by scenario and check by check: what `--drive auto` must keep equal to
// `--drive agent` (the same client over the same scenarios), or any two runs that should agree.
//
//   node dist/scripts/compare-verdicts.js A_RESULTS B_RESULTS
//
//   A_RESULTS, B_RESULTS   results.json files or the folders written by --out that hold them
//
// Prints every difference (a scenario in one run only, a scenario status, a check's status, a check in one run only)
// and a one-line summary with each run's drives per scenario; exits 1 when the verdicts differ, 0 when identical.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface ScenarioVerdicts {
  id: string;
  specVersion: string;
  status: string;
  drive?: string;
  reason?: string;
  checks: { id: string; status: string }[];
}

export function readResults(path: string): { client: { name: string; drive?: string }; scenarios: ScenarioVerdicts[] } {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'results.json') : path;
  return JSON.parse(readFileSync(file, 'utf8')) as { client: { name: string; drive?: string }; scenarios: ScenarioVerdicts[] };
}

const key = (s: ScenarioVerdicts) => `${s.id}@${s.specVersion}`;

/** Every difference between the two runs' verdicts, one line each; empty when scenario and check statuses are all equal. */
export function verdictDifferences(a: readonly ScenarioVerdicts[], b: readonly ScenarioVerdicts[]): string[] {
  const out: string[] = [];
  const inB = new Map(b.map((s) => [key(s), s]));
  const inA = new Map(a.map((s) => [key(s), s]));
  for (const s of a) if (!inB.has(key(s))) out.push(`${key(s)}: only in the first run (${s.status})`);
  for (const s of b) if (!inA.has(key(s))) out.push(`${key(s)}: only in the second run (${s.status})`);
  for (const x of a) {
    const y = inB.get(key(x));
    if (!y) continue;
    const drives = `[${x.drive ?? '-'} / ${y.drive ?? '-'}]`;
    if (x.status !== y.status)
      out.push(`${key(x)} ${drives}: scenario ${x.status} / ${y.status}${x.reason || y.reason ? ` (${x.reason ?? '-'} / ${y.reason ?? '-'})` : ''}`);
    const checksB = new Map(y.checks.map((c) => [c.id, c.status]));
    const checksA = new Map(x.checks.map((c) => [c.id, c.status]));
    for (const c of x.checks) {
      const other = checksB.get(c.id);
      if (other === undefined) out.push(`${key(x)} ${drives}: check ${c.id} only in the first run (${c.status})`);
      else if (other !== c.status) out.push(`${key(x)} ${drives}: check ${c.id} ${c.status} / ${other}`);
    }
    for (const c of y.checks) if (!checksA.has(c.id)) out.push(`${key(x)} ${drives}: check ${c.id} only in the second run (${c.status})`);
  }
  return out;
}

function driveCounts(scenarios: readonly ScenarioVerdicts[]): string {
  const counts = new Map<string, number>();
  for (const s of scenarios) counts.set(s.drive ?? 'none', (counts.get(s.drive ?? 'none') ?? 0) + 1);
  return [...counts].map(([drive, n]) => `${n} ${drive}`).join(', ');
}

function main(): void {
  const [first, second] = process.argv.slice(2);
  if (!first || !second) {
    process.stderr.write('usage: node dist/scripts/compare-verdicts.js A_RESULTS B_RESULTS (results.json files or --out folders)\n');
    process.exit(2);
  }
  const a = readResults(first);
  const b = readResults(second);
  const differences = verdictDifferences(a.scenarios, b.scenarios);
  for (const line of differences) process.stdout.write(`${line}\n`);
  const checks = a.scenarios.reduce((n, s) => n + s.checks.length, 0);
  process.stdout.write(
    `${a.client.name} (${a.client.drive ?? '-'}: ${driveCounts(a.scenarios)}) vs ${b.client.name} (${b.client.drive ?? '-'}: ${driveCounts(b.scenarios)}): ` +
      `${a.scenarios.length} scenario(s), ${checks} check verdict(s); ${differences.length ? `${differences.length} difference(s)` : 'identical'}\n`,
  );
  process.exit(differences.length ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
