import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import chalk from 'chalk';
import semver from 'semver';
import { readResultsDir, type ResultsDocument } from '../../reports/results-document.js';
import { writeHtmlReport } from '../../reports/html/render.js';
import { UsageError } from '../usage-error.js';
import type { RequestedRevision } from '../../scenarios/revision.js';
import type { Scenario } from '../../scenarios/types.js';
import { bisectSearch, defaultBudget, type BisectOutcome, type BisectStep, type Judged, type ProbeVerdict } from './search.js';
import { resolveClient } from '../clients/index.js';
import type { RealClientDefinition } from '../clients/real-client.js';
import { ClientSpecError } from '../clients/types.js';
import type { IsolationMode } from '../run/isolation.js';
import { ascending, publishedVersions, realClientDefinition, versionsBetween } from '../session/versions.js';
import { isCheckId } from '../../scenarios/checks/index.js';
import { didYouMean } from '../../scenarios/closest-name.js';
import { probeOutputTargets } from '../outputs/paths.js';
import { runSession, type SessionRequest } from '../session/run-session.js';
import type { Drive } from '../clients/types.js';

// `bisect`: which release of a real client broke (or fixed) a scenario. The published versions between the two ends
// come from the npm registry; each probed version is installed into the cache and run as a session like
// `--client NAME@V`, with its results folder under --out; the search itself is search.ts.

export interface BisectFlags {
  client: string;
  drive?: Drive;
  good?: string;
  bad?: string;
  scenario: string[];
  check?: string;
  preReleases?: boolean;
  out?: string;
  timeout: number;
  specVersion: RequestedRevision;
  strict?: boolean;
  isolation: IsolationMode;
  jobs: number;
  topology: string[];
  maxInstalls?: number;
  /** JUnit XML per probed version, written into its results folder under this file name. */
  junit?: string;
}

/** One probed version: its verdict and why, each selected scenario's status and failing checks, its results folder. */
export interface ProbeRecord {
  version: string;
  role: BisectStep['role'];
  verdict: ProbeVerdict;
  reason: string;
  scenarios: { id: string; status: string; failing: string[] }[];
  folder?: string;
}

/** A version's verdict from its results: bad when a selected scenario (or the named check) fails, skip when one cannot be judged. */
export function versionVerdict(document: ResultsDocument, scenarioIds: readonly string[], check?: string): { verdict: ProbeVerdict; reason: string } {
  const bad: string[] = [];
  const unjudged: string[] = [];
  for (const id of scenarioIds) {
    const s = document.scenarios.find((x) => x.id === id);
    if (!s) {
      unjudged.push(`${id} has no result`);
      continue;
    }
    if (check) {
      const c = s.checks.find((x) => x.id === check);
      if (!c || c.status === 'skip')
        unjudged.push(
          `${id}: ${check} ${c ? 'skipped' : `not judged${s.status === 'error' || s.status === 'skip' ? ` (scenario ${s.status}: ${s.reason ?? ''})` : ` at ${s.specVersion}`}`}`,
        );
      else if (c.status === 'fail' || c.status === 'warn') bad.push(`${id}: ${check} ${c.status}`);
      continue;
    }
    if (s.status === 'fail') bad.push(`${id} fail`);
    else if (s.status === 'error' || s.status === 'skip') unjudged.push(`${id} ${s.status}${s.reason ? `: ${s.reason}` : ''}`);
  }
  if (bad.length) return { verdict: 'bad', reason: bad.join('; ') };
  if (unjudged.length) return { verdict: 'skip', reason: unjudged.join('; ') };
  return { verdict: 'good', reason: check ? `${check} passes` : 'no MUST failed' };
}

function failingChecks(document: ResultsDocument, ids: readonly string[]): ProbeRecord['scenarios'] {
  return ids.map((id) => {
    const s = document.scenarios.find((x) => x.id === id);
    return {
      id,
      status: s?.status ?? 'missing',
      failing: (s?.checks ?? []).filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => `${c.id}${c.status === 'warn' ? ' (warn)' : ''}`),
    };
  });
}

/**
 * The omitted end: the published extreme farthest from the given end (the oldest for a newer end, the newest for an
 * older one); with neither end given, good is the newest and bad the oldest (which release fixed it).
 */
export function defaultEnds(list: readonly string[], good?: string, bad?: string): { good: string; bad: string } {
  const oldest = list[0];
  const newest = list.at(-1);
  if (oldest === undefined || newest === undefined) throw new Error('defaultEnds needs the published versions');
  const farthest = (given: string) => (list.indexOf(given) >= (list.length - 1) / 2 || semver.gte(given, newest) ? oldest : newest);
  if (good && bad) return { good, bad };
  if (good) return { good, bad: farthest(good) };
  if (bad) return { good: farthest(bad), bad };
  return { good: newest, bad: oldest };
}

/** The lines that say which checks differ between the last version in the old state and the first in the new one. */
export function checkDiff(last: ProbeRecord, first: ProbeRecord): string[] {
  const lines: string[] = [];
  for (const s of first.scenarios) {
    const before = last.scenarios.find((x) => x.id === s.id);
    const was = new Set(before?.failing ?? []);
    const now = new Set(s.failing);
    lines.push(`  ${s.id}: ${before?.status ?? '?'} in ${last.version} → ${s.status} in ${first.version}`);
    for (const c of now) if (!was.has(c)) lines.push(`    + ${c} fails in ${first.version}, not in ${last.version}`);
    for (const c of was) if (!now.has(c)) lines.push(`    - ${c} fails in ${last.version}, not in ${first.version}`);
    for (const c of now) if (was.has(c)) lines.push(`    = ${c} fails in both`);
  }
  return lines;
}

/** What a bisection searches: the versions between the ends, which end is older, and how many probes it may make. */
interface BisectPlan {
  flags: BisectFlags;
  name: string;
  definition: RealClientDefinition;
  scenarios: readonly Scenario[];
  ids: string[];
  outDir: string;
  ends: { good: string; bad: string };
  versions: string[];
  olderIs: Judged;
  budget: number;
}

/** `bisect`: returns 0 when the boundary was found (both sides verified), 1 when not. */
export async function bisectCommand(flags: BisectFlags, scenarios: readonly Scenario[]): Promise<number> {
  const plan = await bisectPlan(flags, scenarios);
  printPlan(plan);
  const records = new Map<string, ProbeRecord>();
  let stepNumber = 0;
  const outcome = await bisectSearch({
    versions: plan.versions,
    olderIs: plan.olderIs,
    budget: plan.budget,
    probe: async (version, _index, role) => {
      stepNumber += 1;
      say(chalk.bold(`\n── step ${stepNumber}/${plan.budget} (${role}): ${plan.name}@${version}`));
      const record = await probeVersion(plan, version, role);
      records.set(version, record);
      printProbe(plan, record);
      return record.verdict;
    },
  });
  say('');
  for (const line of conclusion(outcome, plan.name, records)) say(line);
  await writeBisectResults(plan, outcome, records);
  return outcome.kind === 'found' ? 0 : 1;
}

const say = (line = '') => process.stdout.write(`${line}\n`);

/** Every refusal before the registry is asked, then the versions between the ends. */
async function bisectPlan(flags: BisectFlags, scenarios: readonly Scenario[]): Promise<BisectPlan> {
  const name = flags.client.trim();
  if (name.includes('@'))
    throw new UsageError(`bisect takes a client name without a version (--client ${name.split('@')[0]}); --good and --bad give the versions`);
  const definition = realClientDefinition(name);
  const ids = scenarios.map((s) => s.id);
  const wanted = flags.check;
  if (wanted !== undefined && !(isCheckId(wanted) && scenarios.some((s) => s.checks.includes(wanted)))) {
    const theirs = [...new Set(scenarios.flatMap((s) => s.checks))];
    throw new UsageError(`--check ${flags.check} is not a check of ${ids.join(', ')}${didYouMean(wanted, theirs)}`);
  }
  for (const end of [flags.good, flags.bad]) if (end !== undefined && semver.valid(end) === null) throw new UsageError(`'${end}' is not a version`);
  const outDir = flags.out ?? join('conformance-results', `bisect-${name}`);
  await probeOutputTargets([{ flag: '--out', path: resolve(outDir), kind: 'folder' }]);
  const published = await publishedVersions(definition.npmPackage);
  const listed = ascending(published, flags.preReleases);
  if (listed.length < 2) throw new UsageError(`${definition.npmPackage} has fewer than two published versions to bisect`);
  const ends = defaultEnds(listed, flags.good, flags.bad);
  if (ends.good === ends.bad) throw new UsageError(`--good and --bad are the same version (${ends.good})`);
  const versions = versionsBetween(published, ends.good, ends.bad, { preReleases: flags.preReleases, pkg: definition.npmPackage });
  const olderIs: Judged = semver.lt(ends.good, ends.bad) ? 'good' : 'bad';
  const budget = flags.maxInstalls ?? defaultBudget(versions.length);
  return { flags, name, definition, scenarios, ids, outDir, ends, versions, olderIs, budget };
}

function printPlan({ flags, name, definition, ids, outDir, ends, versions, olderIs, budget }: BisectPlan): void {
  const predicate = flags.check ? `check ${flags.check} of ${ids.join(', ')}` : `the verdict of ${ids.join(', ')}`;
  const looking = olderIs === 'good' ? 'first bad (the release that broke it)' : 'first good (the release that fixed it)';
  say(
    chalk.bold(
      `bisect ${name} (${definition.npmPackage}): ${versions.length} published version(s) from ${versions[0]} (${olderIs}) to ${versions[versions.length - 1]} (${olderIs === 'good' ? 'bad' : 'good'})`,
    ),
  );
  say(
    chalk.gray(`looking for the ${looking} by ${predicate}; at most ${budget} version(s) probed (installed into the cache once each); results under ${outDir}`),
  );
  if (!flags.good || !flags.bad)
    say(chalk.gray(`the omitted end is ${!flags.good ? `--good ${ends.good}` : `--bad ${ends.bad}`} (the published version farthest from the given one)`));
}

/** One version's session, like `run --client NAME@V --out DIR/NAME@V`, judged from the results it wrote. */
async function probeVersion(plan: BisectPlan, version: string, role: BisectStep['role']): Promise<ProbeRecord> {
  const { flags, name, ids } = plan;
  const folder = join(plan.outDir, `${name}@${version}`);
  try {
    await runSession(probeRequest(plan, `${name}@${version}`, folder));
    if (!existsSync(join(folder, 'results.json'))) throw new ClientSpecError('the run wrote no results');
    const document = await readResultsDir(folder);
    const { verdict, reason } = versionVerdict(document, ids, flags.check);
    return { version, role, verdict, reason, scenarios: failingChecks(document, ids), folder };
  } catch (error) {
    if (!(error instanceof ClientSpecError)) throw error;
    return { version, role, verdict: 'skip', reason: `cannot be installed or driven: ${error.message}`, scenarios: [] };
  }
}

/** What a probe runs: the bisected scenarios with the HTTP user agent, no retries, into the version's results folder. */
function probeRequest({ flags, scenarios }: BisectPlan, client: string, folder: string): SessionRequest {
  return {
    client: resolveClient(client, undefined, flags.drive),
    scenarios: [...scenarios],
    specVersion: flags.specVersion,
    strict: flags.strict === true,
    timeoutMs: flags.timeout,
    jobs: flags.jobs,
    isolation: flags.isolation,
    userAgent: 'http',
    tls: false,
    consent: 'approve',
    retries: 0,
    failOnFlaky: false,
    verbose: false,
    outputs: { out: folder, ...(flags.junit ? { junit: join(folder, basename(flags.junit)) } : {}) },
  };
}

function printProbe({ name, ids }: BisectPlan, record: ProbeRecord): void {
  const mark = record.verdict === 'good' ? chalk.green('good') : record.verdict === 'bad' ? chalk.red('bad') : chalk.yellow('skipped');
  const failing = record.scenarios.flatMap((s) => s.failing.map((c) => (ids.length > 1 ? `${s.id}:${c}` : c)));
  say(`${chalk.bold(`${name}@${record.version}`)}: ${mark} — ${record.reason}${failing.length ? `; failing checks: ${failing.join(', ')}` : ''}`);
  if (record.verdict === 'skip') say(chalk.yellow(`  skipped ${record.version} (like git bisect skip): it is not judged, a neighbour is tried instead`));
}

/** bisect.json, and one HTML report with a row per probed version that wrote results. */
async function writeBisectResults(plan: BisectPlan, outcome: BisectOutcome, records: Map<string, ProbeRecord>): Promise<void> {
  const { flags, name, outDir } = plan;
  await mkdir(outDir, { recursive: true });
  const probed = [...records.values()].sort((a, b) => semver.compare(a.version, b.version));
  const folders = probed.map((r) => r.folder).filter((f): f is string => f !== undefined && existsSync(join(f, 'results.json')));
  const document = {
    client: name,
    package: plan.definition.npmPackage,
    scenarios: plan.ids,
    ...(flags.check ? { check: flags.check } : {}),
    good: plan.ends.good,
    bad: plan.ends.bad,
    looking: plan.olderIs === 'good' ? 'first-bad' : 'first-good',
    versions: plan.versions,
    budget: plan.budget,
    steps: outcome.steps.map((s) => ({ ...records.get(s.version)!, folder: records.get(s.version)?.folder ? `${name}@${s.version}` : undefined })),
    outcome: { ...outcome, steps: undefined },
  };
  await writeFile(join(outDir, 'bisect.json'), `${JSON.stringify(document, null, 2)}\n`);
  if (folders.length > 0) {
    const file = await writeHtmlReport(folders, outDir);
    say(chalk.gray(`report written to ${file} (one row per probed version); bisect.json and each version's results in ${outDir}`));
  }
}

function conclusion(outcome: BisectOutcome, name: string, records: Map<string, ProbeRecord>): string[] {
  const skipped = outcome.steps.filter((s) => s.verdict === 'skip').map((s) => s.version);
  const skippedLine = skipped.length ? [chalk.yellow(`skipped (could not be installed or driven): ${skipped.join(', ')}`)] : [];
  if (outcome.kind === 'found') {
    const oldState = outcome.firstIs === 'bad' ? 'good' : 'bad';
    const first = records.get(outcome.first)!;
    const last = records.get(outcome.last)!;
    const color = outcome.firstIs === 'bad' ? chalk.red : chalk.green;
    return [
      color(chalk.bold(`first ${outcome.firstIs}: ${name}@${outcome.first}`)) +
        chalk.gray(` (last ${oldState}: ${name}@${outcome.last}); both verified by runs, ${outcome.steps.length} version(s) probed`),
      ...skippedLine,
      `failing checks, ${outcome.last} → ${outcome.first}:`,
      ...checkDiff(last, first),
      chalk.gray(`  results: ${first.folder}, ${last.folder}`),
    ];
  }
  if (outcome.kind === 'unexpected-end')
    return [
      chalk.red(`bisect stopped: ${outcome.reason}`),
      chalk.gray('check --good and --bad (or the scenario and --check): an end is not in the state it was said to be'),
      ...skippedLine,
    ];
  return [
    chalk.yellow(`no verified boundary: ${outcome.reason}`),
    `the first ${outcome.firstIs} version is one of: ${outcome.candidates.join(', ')}`,
    ...(outcome.skipped.length ? [chalk.yellow(`  skipped there: ${outcome.skipped.join(', ')}`)] : []),
    ...(outcome.untried.length ? [chalk.gray(`  not tried within the budget: ${outcome.untried.join(', ')}`)] : []),
    ...skippedLine,
  ];
}
