// bisect's search on fake version lists, no registry: both directions (a release that broke it, one that fixed it),
// skipped versions (never guessed), ends that are not what they were said to be, and the install budget.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bisectSearch, defaultBudget, type Judged, type ProbeVerdict } from '../../harness/bisect/search.js';
import { defaultEnds } from '../../harness/bisect/probe.js';
import { ascending, parseVersionsSpec, versionsBetween, versionsInRange } from '../../harness/session/versions.js';

const versionList = (n: number) => Array.from({ length: n }, (_, i) => `1.${i}.0`);

/** A fake client whose versions from `boundary` on are in the newer state; `skips` cannot be installed. */
function fake(boundary: number, olderIs: Judged, skips: ReadonlySet<number> = new Set()) {
  const newerIs: Judged = olderIs === 'good' ? 'bad' : 'good';
  const probed: number[] = [];
  const probe = async (_version: string, index: number): Promise<ProbeVerdict> => {
    probed.push(index);
    if (skips.has(index)) return 'skip';
    return index >= boundary ? newerIs : olderIs;
  };
  return { probe, probed };
}

describe('bisect search', () => {
  it('finds the first bad release (good older than bad), within ceil(log2 n)+2 probes, for every boundary', async () => {
    for (const n of [2, 3, 4, 5, 7, 8, 9, 16, 17, 63, 100]) {
      const versions = versionList(n);
      for (let boundary = 1; boundary < n; boundary++) {
        const { probe, probed } = fake(boundary, 'good');
        const outcome = await bisectSearch({ versions, olderIs: 'good', probe });
        assert.equal(outcome.kind, 'found', `n=${n} boundary=${boundary}`);
        if (outcome.kind !== 'found') continue;
        assert.equal(outcome.firstIs, 'bad');
        assert.equal(outcome.first, versions[boundary]);
        assert.equal(outcome.last, versions[boundary - 1]);
        assert.ok(probed.length <= defaultBudget(n), `n=${n} boundary=${boundary}: ${probed.length} probes > ${defaultBudget(n)}`);
        assert.equal(new Set(probed).size, probed.length, 'no version is probed twice');
        assert.ok(probed.includes(boundary) && probed.includes(boundary - 1), 'both sides of the boundary were run');
      }
    }
  });

  it('finds the first good release (good newer than bad: a fix), as for opencode 1.0.185 → 1.1.11', async () => {
    const versions = ['1.0.185', '1.0.186', '1.0.190', '1.0.200', '1.0.220', '1.1.0', '1.1.1', '1.1.4', '1.1.8', '1.1.11'];
    const { probe, probed } = fake(5, 'bad');
    const steps: string[] = [];
    const outcome = await bisectSearch({ versions, olderIs: 'bad', probe, onStep: (s) => steps.push(`${s.role}:${s.version}:${s.verdict}`) });
    assert.deepEqual(outcome.kind === 'found' && [outcome.firstIs, outcome.first, outcome.last], ['good', '1.1.0', '1.0.220']);
    assert.deepEqual(steps.slice(0, 2), ['older end:1.0.185:bad', 'newer end:1.1.11:good']);
    assert.ok(probed.length <= defaultBudget(versions.length));
  });

  it('skips a version that cannot be installed and tries a neighbour instead, never guessing', async () => {
    const versions = versionList(9);
    // The middle (index 4) cannot be installed; the boundary is at 7.
    const { probe, probed } = fake(7, 'good', new Set([4]));
    const outcome = await bisectSearch({ versions, olderIs: 'good', probe, budget: 8 });
    assert.deepEqual(outcome.kind === 'found' && [outcome.first, outcome.last], ['1.7.0', '1.6.0']);
    assert.deepEqual(outcome.steps.map((s) => `${s.index}:${s.verdict}`).slice(0, 4), ['0:good', '8:bad', '4:skip', '5:good']);
    assert.ok(probed.includes(4), 'the skipped version was tried');
    assert.deepEqual(
      outcome.steps.filter((s) => s.verdict === 'skip').map((s) => s.version),
      ['1.4.0'],
    );
  });

  it('reports the range, not a guess, when the skipped version is the boundary', async () => {
    const versions = versionList(9);
    const { probe } = fake(4, 'good', new Set([4]));
    const outcome = await bisectSearch({ versions, olderIs: 'good', probe, budget: 20 });
    assert.equal(outcome.kind, 'inconclusive');
    if (outcome.kind !== 'inconclusive') return;
    assert.deepEqual(outcome.candidates, ['1.4.0', '1.5.0']);
    assert.deepEqual(outcome.skipped, ['1.4.0']);
    assert.match(outcome.reason, /every version between 1\.3\.0 and 1\.5\.0 was skipped/);
  });

  it('moves an end inward past versions that cannot be driven (the oldest published often cannot)', async () => {
    const versions = versionList(12);
    const { probe } = fake(7, 'bad', new Set([0, 1, 11]));
    const outcome = await bisectSearch({ versions, olderIs: 'bad', probe, budget: 10 });
    assert.deepEqual(outcome.kind === 'found' && [outcome.first, outcome.last], ['1.7.0', '1.6.0']);
    assert.deepEqual(
      outcome.steps.slice(0, 5).map((s) => `${s.role}:${s.index}:${s.verdict}`),
      ['older end:0:skip', 'older end:1:skip', 'older end:2:bad', 'newer end:11:skip', 'newer end:10:good'],
    );
  });

  it('stops when an end is not in the state it was said to be in', async () => {
    const versions = versionList(5);
    const everythingFails = async (): Promise<ProbeVerdict> => 'bad';
    const outcome = await bisectSearch({ versions, olderIs: 'bad', probe: everythingFails });
    assert.equal(outcome.kind, 'unexpected-end');
    assert.match(outcome.kind === 'unexpected-end' ? outcome.reason : '', /1\.4\.0 \(the newer end\) is bad, not good/);
    assert.equal(outcome.steps.length, 2);
  });

  it('keeps to the install budget when skips eat it, and names what was left untried', async () => {
    const versions = versionList(64);
    const skips = new Set([31, 32, 30, 33]);
    const { probe, probed } = fake(40, 'good', skips);
    const budget = defaultBudget(versions.length);
    const outcome = await bisectSearch({ versions, olderIs: 'good', probe });
    assert.equal(budget, 8);
    assert.ok(probed.length <= budget, `${probed.length} probes`);
    assert.equal(outcome.kind, 'inconclusive');
    if (outcome.kind !== 'inconclusive') return;
    assert.match(outcome.reason, /budget of 8/);
    assert.ok(outcome.candidates.includes('1.40.0'), 'the true boundary is among the candidates');
    assert.ok(outcome.untried.length > 0);
    // With a bigger budget the same search finishes.
    const again = fake(40, 'good', skips);
    const finished = await bisectSearch({ versions, olderIs: 'good', probe: again.probe, budget: 16 });
    assert.deepEqual(finished.kind === 'found' && [finished.first, finished.last], ['1.40.0', '1.39.0']);
  });

  it('never names a wrong boundary, whatever is skipped', async () => {
    const versions = versionList(20);
    for (let boundary = 1; boundary < 20; boundary++) {
      for (let seed = 0; seed < 12; seed++) {
        const skips = new Set(versions.map((_, i) => i).filter((i) => (i * 7 + seed * 3) % 5 === 0));
        const { probe } = fake(boundary, 'good', skips);
        const outcome = await bisectSearch({ versions, olderIs: 'good', probe, budget: 30 });
        if (outcome.kind === 'found') {
          assert.equal(outcome.first, versions[boundary]);
          assert.equal(outcome.last, versions[boundary - 1]);
        } else if (outcome.kind === 'inconclusive') {
          assert.ok(outcome.candidates.includes(versions[boundary]!), `boundary ${boundary} seed ${seed}: ${outcome.candidates.join(',')}`);
        } else assert.fail(`unexpected end: ${outcome.reason}`);
      }
    }
  });
});

describe('version lists', () => {
  const published = ['0.4.0', '1.15.0', '1.15.1', '1.16.0', '1.17.0', '1.17.1', '1.23.0-beta.0', '1.23.0', '1.22.0', '1.25.2'];

  it('lists the versions between two ends in either order, pre-releases only when asked', () => {
    assert.deepEqual(versionsBetween(published, '1.15.1', '1.17.0'), ['1.15.1', '1.16.0', '1.17.0']);
    assert.deepEqual(versionsBetween(published, '1.17.0', '1.15.1'), ['1.15.1', '1.16.0', '1.17.0']);
    assert.deepEqual(versionsBetween(published, '1.22.0', '1.25.2'), ['1.22.0', '1.23.0', '1.25.2']);
    assert.deepEqual(versionsBetween(published, '1.22.0', '1.25.2', { preReleases: true }), ['1.22.0', '1.23.0-beta.0', '1.23.0', '1.25.2']);
    assert.throws(() => versionsBetween(published, '1.15.1', '9.9.9', { pkg: 'x' }), /9\.9\.9 is not a published version of x/);
    assert.deepEqual(ascending(published), ['0.4.0', '1.15.0', '1.15.1', '1.16.0', '1.17.0', '1.17.1', '1.22.0', '1.23.0', '1.25.2']);
  });

  it('defaults an omitted end to the published version farthest from the given one', () => {
    const list = ascending(published);
    assert.deepEqual(defaultEnds(list), { good: '1.25.2', bad: '0.4.0' });
    assert.deepEqual(defaultEnds(list, undefined, '1.25.2'), { good: '0.4.0', bad: '1.25.2' });
    assert.deepEqual(defaultEnds(list, undefined, '1.15.1'), { good: '1.25.2', bad: '1.15.1' });
    assert.deepEqual(defaultEnds(list, '1.16.0'), { good: '1.16.0', bad: '1.25.2' });
    assert.deepEqual(defaultEnds(list, '1.23.0'), { good: '1.23.0', bad: '0.4.0' });
  });

  it('parses --versions lists and ranges', () => {
    assert.deepEqual(parseVersionsSpec('1.0.185,1.1.11'), { list: ['1.0.185', '1.1.11'] });
    assert.deepEqual(parseVersionsSpec('opencode@1.0.185, opencode@1.1.11'), { client: 'opencode', list: ['1.0.185', '1.1.11'] });
    assert.deepEqual(parseVersionsSpec('opencode@>=1.0 <1.2'), { client: 'opencode', range: '>=1.0 <1.2' });
    assert.deepEqual(parseVersionsSpec('^1.17'), { range: '^1.17' });
    assert.throws(() => parseVersionsSpec('opencode@1.0.0,sdk@1.0.0'), /two clients/);
    assert.throws(() => parseVersionsSpec('not a range'), /neither a version nor a semver range/);
    assert.deepEqual(versionsInRange(published, '>=1.15.1 <1.17.1'), ['1.15.1', '1.16.0', '1.17.0']);
    assert.deepEqual(versionsInRange(published, '>=1.22.0 <1.24'), ['1.22.0', '1.23.0']);
    assert.deepEqual(versionsInRange(published, '>=1.23.0-beta.0 <1.24'), ['1.23.0-beta.0', '1.23.0']);
  });
});
