// The official suite's `auth` client scenarios against the 14 of ours that stand for them: the same client program
// driven by both harnesses, whole runs alternating, both harnesses on the same Node (the one the official suite
// needs), ours also on the bench's own Node. What each side's harness costs is its tree's CPU less its clients'.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OFFICIAL_CLIENT_AUTH_SCENARIOS } from '../../scenarios/official-parity.js';
import { loads, measure, median, mib, out, runHarness, SAME_CLIENT, seconds, statusCounts, type HarnessRun, type Measured } from './measure.js';

export const OFFICIAL_VERSION = '0.1.16';
const NODE22_VERSION = '22.23.3';

/**
 * The official `auth` suite, each scenario with one of ours that stands for it (scenarios/official-parity.ts), no
 * scenario of ours used twice: those with fewer equivalents choose first, each the first of its list still free.
 */
export function equivalents(): { official: string; ours: string }[] {
  const auth = OFFICIAL_CLIENT_AUTH_SCENARIOS.filter((s) => s.since === OFFICIAL_VERSION && s.suite === 'auth' && s.ours.length > 0);
  const taken = new Set<string>();
  const chosen = new Map<string, string>();
  for (const s of [...auth].sort((a, b) => a.ours.length - b.ours.length)) {
    const ours = s.ours.find((id) => !taken.has(id)) ?? s.ours[0]!;
    taken.add(ours);
    chosen.set(s.official, ours);
  }
  return auth.map((s) => ({ official: s.official, ours: chosen.get(s.official)! }));
}

function installOfficial(cache: string): { node: string; suite: string } {
  const node = join(cache, 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node');
  const suite = join(cache, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
  if (!existsSync(node) || !existsSync(suite)) {
    process.stderr.write(`installing Node ${NODE22_VERSION} and @modelcontextprotocol/conformance@${OFFICIAL_VERSION} into ${cache}\n`);
    const packages = [`node-${process.platform}-${process.arch}@${NODE22_VERSION}`, `@modelcontextprotocol/conformance@${OFFICIAL_VERSION}`];
    const npm = spawnSync('npm', ['install', '--prefix', cache, '--no-audit', '--no-fund', '--loglevel=error', ...packages], { stdio: 'inherit' });
    if (npm.status !== 0) throw new Error('npm install of the official suite failed');
  }
  return { node, suite };
}

function officialSummary(stdout: string): string {
  const total = stdout.match(/Total: .*/)?.[0] ?? stdout.match(/Passed: .*/)?.[0] ?? '';
  const failing = [...stdout.matchAll(/✗ (auth\/\S+):/g)].map((m) => m[1]);
  return `${total}${failing.length ? `; not passing: ${failing.join(', ')}` : ''}`;
}

interface Side {
  name: string;
  runs: Measured[];
  /** The harness alone: the tree less the client programs (for ours also its own process, measured directly). */
  harnessCpuMs: (run: Measured) => number;
}

const harnessOnly = (run: Measured) => run.treeCpuMs - run.sameClientCpuMs;

function row(label: string, sides: Side[], value: (side: Side) => string): string {
  return `| ${label} | ${sides.map(value).join(' | ')} |`;
}

function printComparison(pairs: { official: string; ours: string }[], official: Side, sameNode: Side, ownNode: Side): Record<string, unknown> {
  const sides = [official, sameNode, ownNode];
  const wall = (side: Side) => median(side.runs.map((r) => r.wallMs));
  const tree = (side: Side) => median(side.runs.map((r) => r.treeCpuMs));
  const harness = (side: Side) => median(side.runs.map(side.harnessCpuMs));
  const clients = (side: Side) => median(side.runs.map((r) => r.sameClientCpuMs));
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  out(`pairs: ${pairs.map((p) => `${p.official.replace('auth/', '')}=${p.ours}`).join(', ')}`);
  out();
  out(`| | ${sides.map((s) => s.name).join(' | ')} |`);
  out(`| --- | ${sides.map(() => '---').join(' | ')} |`);
  out(row('wall, each run', sides, (s) => s.runs.map((r) => seconds(r.wallMs)).join(', ')));
  out(row('**wall, median**', sides, (s) => `${seconds(wall(s))}${s === official ? '' : ` (**${ratio(wall(s), wall(official))}x**)`}`));
  out(row('**CPU, whole process tree**', sides, (s) => `${seconds(tree(s))}${s === official ? '' : ` (**${ratio(tree(s), tree(official))}x**)`}`));
  out(row('CPU, the client programs', sides, (s) => `${seconds(clients(s))} in ${median(s.runs.map((r) => r.sameClientRuns))} runs`));
  out(row('CPU, the harness alone', sides, (s) => `${seconds(harness(s))} (${(harness(s) / pairs.length).toFixed(0)} ms per scenario)`));
  out(row('peak RSS of the harness process', sides, (s) => mib(median(s.runs.map((r) => r.peakRssBytes)))));
  out(row('load at the runs', sides, (s) => loads(s.runs)));
  out();
  // The same client program does not do the same work under both where a flow ends early on one side: its CPU per
  // scenario shows where (official scenario names, as both harnesses set MCP_CONFORMANCE_SCENARIO).
  const perScenario = (side: Side, name: string) => median(side.runs.map((r) => r.sameClientCpuByScenario[name] ?? 0));
  out(`| client CPU per scenario | ${sides.map((s) => s.name).join(' | ')} |`);
  out(`| --- | ${sides.map(() => '---').join(' | ')} |`);
  for (const p of pairs) out(row(`${p.official} = ${p.ours}`, sides, (s) => `${(perScenario(s, p.official) / 1000).toFixed(2)} s`));
  out();
  return {
    pairs,
    sides: sides.map((s) => ({ name: s.name, wallMs: wall(s), treeCpuMs: tree(s), clientCpuMs: clients(s), harnessCpuMs: harness(s) })),
    wallRatio: wall(sameNode) / wall(official),
    treeCpuRatio: tree(sameNode) / tree(official),
    ownNodeWallRatio: wall(ownNode) / wall(official),
    ownNodeTreeCpuRatio: tree(ownNode) / tree(official),
  };
}

/**
 * One untimed run of each side first (disk caches, Node's compile cache where the Node has one), then `repeat` rounds
 * of official, ours on the same Node, ours on the bench's Node.
 */
export async function compareWithOfficial(repeat: number, cache: string): Promise<Record<string, unknown>> {
  const pairs = equivalents();
  const official = installOfficial(cache);
  const oursArgs = ['--client', SAME_CLIENT, ...pairs.flatMap((p) => ['--scenario', p.ours])];
  const runOfficial = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'official-suite-bench-'));
    try {
      return await measure(official.node, [official.suite, 'client', '--command', SAME_CLIENT, '-o', dir, '--suite', 'auth']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  const sides = {
    official: { name: `official ${OFFICIAL_VERSION}, Node ${NODE22_VERSION}`, runs: [] as Measured[], harnessCpuMs: harnessOnly },
    sameNode: { name: `ours, Node ${NODE22_VERSION}`, runs: [] as HarnessRun[], harnessCpuMs: harnessOnly },
    ownNode: { name: `ours, Node ${process.version.slice(1)}`, runs: [] as HarnessRun[], harnessCpuMs: harnessOnly },
  };
  const round = async (keep: boolean) => {
    const results = [await runOfficial(), await runHarness(oursArgs, { node: official.node }), await runHarness(oursArgs)] as const;
    if (!keep) return;
    sides.official.runs.push(results[0]);
    sides.sameNode.runs.push(results[1]);
    sides.ownNode.runs.push(results[2]);
  };
  await round(false);
  for (let i = 0; i < repeat; i += 1) await round(true);
  out(`## The official \`auth\` suite against our ${pairs.length} equivalents (same client program, alternating, median of ${repeat})`);
  out(
    `official: \`--suite auth\`, all at once; ours: one run of the ${pairs.length} (--jobs default, ${availableParallelism()}); both inside \`unshare -rn\`; one untimed round first`,
  );
  out(`verdicts: official ${officialSummary(sides.official.runs[0]!.stdout)}; ours ${statusCounts(sides.sameNode.runs[0]!)}`);
  return printComparison(pairs, sides.official, sides.sameNode, sides.ownNode);
}
