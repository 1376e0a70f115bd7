// The search of `bisect`, apart from registries and processes: a pure function over an ascending version list and
// a predicate. Both ends are verified first (moving inward past versions that cannot be judged), then the boundary
// is halved. A version the predicate cannot judge (install error, harness error, scenario skipped) is skipped like
// `git bisect skip`: the nearest untried version to the middle is tried instead, and nothing is ever guessed.

export type Judged = 'good' | 'bad';
export type ProbeVerdict = Judged | 'skip';

export interface BisectStep {
  /** Index in the version list (ascending). */
  index: number;
  version: string;
  verdict: ProbeVerdict;
  role: 'older end' | 'newer end' | 'search';
}

export type BisectOutcome =
  /** The boundary: `first` is the oldest version in the newer end's state, `last` the newest in the older end's. Both were probed. */
  | { kind: 'found'; firstIs: Judged; first: string; last: string; steps: BisectStep[] }
  /**
   * No verified pair of neighbours: skipped versions or the budget left a range. The first version in the newer end's
   * state is one of `candidates` (`skipped` could not be judged, `untried` were not tried within the budget).
   */
  | { kind: 'inconclusive'; firstIs: Judged; reason: string; candidates: string[]; skipped: string[]; untried: string[]; steps: BisectStep[] }
  /** An end was judged, and is not in the state it was said to be in. */
  | { kind: 'unexpected-end'; firstIs: Judged; reason: string; steps: BisectStep[] };

export interface BisectSearchOptions {
  /** Ascending (oldest first); both ends included. */
  versions: readonly string[];
  /** The state of the oldest version (`bad` when a release fixed it, `good` when a release broke it). */
  olderIs: Judged;
  /** Most versions probed (each is at most one install); default ⌈log2(n)⌉ + 2. */
  budget?: number;
  probe(version: string, index: number, role: BisectStep['role']): Promise<ProbeVerdict>;
  onStep?(step: BisectStep): void;
}

/** ⌈log2(n)⌉ + 2: both ends, then one halving per probe. */
export function defaultBudget(count: number): number {
  return Math.ceil(Math.log2(Math.max(1, count))) + 2;
}

export async function bisectSearch(options: BisectSearchOptions): Promise<BisectOutcome> {
  const { versions, olderIs } = options;
  const n = versions.length;
  if (n < 2) throw new Error('bisect needs at least two versions');
  const newerIs: Judged = olderIs === 'good' ? 'bad' : 'good';
  const budget = options.budget ?? defaultBudget(n);
  const steps: BisectStep[] = [];
  const tried = new Map<number, ProbeVerdict>();
  const versionAt = (index: number): string => {
    const version = versions[index];
    if (version === undefined) throw new Error(`bisect: no version at index ${index} of ${n}`);
    return version;
  };
  const probe = async (index: number, role: BisectStep['role']): Promise<ProbeVerdict | undefined> => {
    if (steps.length >= budget) return undefined;
    const version = versionAt(index);
    const verdict = await options.probe(version, index, role);
    const step = { index, version, verdict, role };
    steps.push(step);
    tried.set(index, verdict);
    options.onStep?.(step);
    return verdict;
  };
  const skippedIn = (from: number, to: number) => versions.slice(from, to + 1).filter((_, i) => tried.get(from + i) === 'skip');
  const inconclusive = (reason: string, from: number, to: number): BisectOutcome => {
    const candidates = versions.slice(from, to + 1);
    return {
      kind: 'inconclusive',
      firstIs: newerIs,
      reason,
      candidates,
      skipped: skippedIn(from, to),
      untried: candidates.filter((_, i) => !tried.has(from + i)),
      steps,
    };
  };
  const outOfBudget = `the budget of ${budget} probed versions is spent (--max-installs raises it)`;

  // The older end, moving inward past versions that cannot be judged.
  let lo = -1;
  for (let i = 0; i < n - 1 && lo < 0; i++) {
    const verdict = await probe(i, 'older end');
    if (verdict === undefined) return inconclusive(outOfBudget, 0, n - 1);
    if (verdict === 'skip') continue;
    if (verdict === olderIs) {
      lo = i;
      break;
    }
    if (i === 0) return { kind: 'unexpected-end', firstIs: newerIs, reason: `${versions[0]} (the older end) is ${verdict}, not ${olderIs}`, steps };
    return inconclusive(
      `${versions.slice(0, i).join(', ')} could not be judged and ${versions[i]} is already ${verdict}: the older end's state is not verified`,
      0,
      i,
    );
  }
  if (lo < 0) return inconclusive('no version at the older end could be judged', 0, n - 1);

  // The newer end, likewise.
  let hi = -1;
  for (let j = n - 1; j > lo && hi < 0; j--) {
    const verdict = await probe(j, 'newer end');
    if (verdict === undefined) return inconclusive(outOfBudget, lo + 1, n - 1);
    if (verdict === 'skip') continue;
    if (verdict === newerIs) {
      hi = j;
      break;
    }
    if (j === n - 1) return { kind: 'unexpected-end', firstIs: newerIs, reason: `${versions[n - 1]} (the newer end) is ${verdict}, not ${newerIs}`, steps };
    return inconclusive(
      `${versions.slice(j + 1).join(', ')} could not be judged and ${versions[j]} is still ${verdict}: the newer end's state is not verified`,
      j + 1,
      n - 1,
    );
  }
  if (hi < 0) return inconclusive('no version at the newer end could be judged', lo + 1, n - 1);

  // Halve (lo, hi): lo is in the older end's state, hi in the newer end's.
  while (hi - lo > 1) {
    const middle = Math.floor((lo + hi) / 2);
    let next: number | undefined;
    for (let distance = 0; next === undefined && distance < hi - lo; distance++) {
      for (const candidate of [middle + distance, middle - distance]) {
        if (candidate > lo && candidate < hi && !tried.has(candidate)) {
          next = candidate;
          break;
        }
      }
    }
    if (next === undefined) return inconclusive(`every version between ${versions[lo]} and ${versions[hi]} was skipped`, lo + 1, hi);
    const verdict = await probe(next, 'search');
    if (verdict === undefined) return inconclusive(outOfBudget, lo + 1, hi);
    if (verdict === olderIs) lo = next;
    else if (verdict === newerIs) hi = next;
  }
  return { kind: 'found', firstIs: newerIs, first: versionAt(hi), last: versionAt(lo), steps };
}
