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
  if (options.versions.length < 2) throw new Error('bisect needs at least two versions');
  const search = new Search(options);
  const lo = await search.olderEnd();
  if (typeof lo !== 'number') return lo;
  const hi = await search.newerEnd(lo);
  if (typeof hi !== 'number') return hi;
  return search.halve(lo, hi);
}

/** One search's probes so far: each phase returns the index it verified, or the outcome that ends the search. */
class Search {
  private readonly versions: readonly string[];
  private readonly n: number;
  private readonly olderIs: Judged;
  private readonly newerIs: Judged;
  private readonly budget: number;
  private readonly steps: BisectStep[] = [];
  private readonly tried = new Map<number, ProbeVerdict>();
  private readonly outOfBudget: string;

  constructor(private readonly options: BisectSearchOptions) {
    this.versions = options.versions;
    this.n = options.versions.length;
    this.olderIs = options.olderIs;
    this.newerIs = options.olderIs === 'good' ? 'bad' : 'good';
    this.budget = options.budget ?? defaultBudget(this.n);
    this.outOfBudget = `the budget of ${this.budget} probed versions is spent (--max-installs raises it)`;
  }

  /** The older end, moving inward past versions that cannot be judged. */
  async olderEnd(): Promise<number | BisectOutcome> {
    const { versions, n, olderIs, newerIs, steps } = this;
    for (let i = 0; i < n - 1; i++) {
      const verdict = await this.probe(i, 'older end');
      if (verdict === undefined) return this.inconclusive(this.outOfBudget, 0, n - 1);
      if (verdict === 'skip') continue;
      if (verdict === olderIs) return i;
      if (i === 0) return { kind: 'unexpected-end', firstIs: newerIs, reason: `${versions[0]} (the older end) is ${verdict}, not ${olderIs}`, steps };
      return this.inconclusive(
        `${versions.slice(0, i).join(', ')} could not be judged and ${versions[i]} is already ${verdict}: the older end's state is not verified`,
        0,
        i,
      );
    }
    return this.inconclusive('no version at the older end could be judged', 0, n - 1);
  }

  /** The newer end, likewise, down to just above the verified older end `lo`. */
  async newerEnd(lo: number): Promise<number | BisectOutcome> {
    const { versions, n, newerIs, steps } = this;
    for (let j = n - 1; j > lo; j--) {
      const verdict = await this.probe(j, 'newer end');
      if (verdict === undefined) return this.inconclusive(this.outOfBudget, lo + 1, n - 1);
      if (verdict === 'skip') continue;
      if (verdict === newerIs) return j;
      if (j === n - 1) return { kind: 'unexpected-end', firstIs: newerIs, reason: `${versions[n - 1]} (the newer end) is ${verdict}, not ${newerIs}`, steps };
      return this.inconclusive(
        `${versions.slice(j + 1).join(', ')} could not be judged and ${versions[j]} is still ${verdict}: the newer end's state is not verified`,
        j + 1,
        n - 1,
      );
    }
    return this.inconclusive('no version at the newer end could be judged', lo + 1, n - 1);
  }

  /** Halve (lo, hi): lo is in the older end's state, hi in the newer end's. */
  async halve(lo: number, hi: number): Promise<BisectOutcome> {
    while (hi - lo > 1) {
      const next = this.nearestUntried(lo, hi);
      if (next === undefined) return this.inconclusive(`every version between ${this.versions[lo]} and ${this.versions[hi]} was skipped`, lo + 1, hi);
      const verdict = await this.probe(next, 'search');
      if (verdict === undefined) return this.inconclusive(this.outOfBudget, lo + 1, hi);
      if (verdict === this.olderIs) lo = next;
      else if (verdict === this.newerIs) hi = next;
    }
    return { kind: 'found', firstIs: this.newerIs, first: this.versionAt(hi), last: this.versionAt(lo), steps: this.steps };
  }

  /** The untried version strictly between lo and hi nearest the middle (above it first). */
  private nearestUntried(lo: number, hi: number): number | undefined {
    const middle = Math.floor((lo + hi) / 2);
    for (let distance = 0; distance < hi - lo; distance++) {
      for (const candidate of [middle + distance, middle - distance]) {
        if (candidate > lo && candidate < hi && !this.tried.has(candidate)) return candidate;
      }
    }
    return undefined;
  }

  private versionAt(index: number): string {
    const version = this.versions[index];
    if (version === undefined) throw new Error(`bisect: no version at index ${index} of ${this.n}`);
    return version;
  }

  /** Undefined once the budget is spent. */
  private async probe(index: number, role: BisectStep['role']): Promise<ProbeVerdict | undefined> {
    if (this.steps.length >= this.budget) return undefined;
    const version = this.versionAt(index);
    const verdict = await this.options.probe(version, index, role);
    const step = { index, version, verdict, role };
    this.steps.push(step);
    this.tried.set(index, verdict);
    this.options.onStep?.(step);
    return verdict;
  }

  private inconclusive(reason: string, from: number, to: number): BisectOutcome {
    const candidates = this.versions.slice(from, to + 1);
    const skipped = this.versions.slice(from, to + 1).filter((_, i) => this.tried.get(from + i) === 'skip');
    return {
      kind: 'inconclusive',
      firstIs: this.newerIs,
      reason,
      candidates,
      skipped,
      untried: candidates.filter((_, i) => !this.tried.has(from + i)),
      steps: this.steps,
    };
  }
}
