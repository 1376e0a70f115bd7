// The requirement-to-check matrix and the README's scenario table are generated from the code: these tests
// fail when either is stale (run `npm run matrix`), and when a client requirement is judged nowhere.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { requirementCoverage } from '../../scenarios/coverage.js';
import type { Check, Requirement, Scenario } from '../../scenarios/types.js';
import {
  MATRIX_PATH,
  PARITY_PATH,
  README_PATH,
  readmeWithTable,
  renderMatrix,
  renderParity,
  undocumentedLevelDivergences,
  unknownParityChecks,
  unknownParityScenarios,
} from '../../scripts/requirements-matrix.js';

describe('requirements matrix', () => {
  it('docs/requirements-matrix.md is what the code generates', () => {
    const written = readFileSync(MATRIX_PATH, 'utf8');
    assert.ok(written === renderMatrix(), 'docs/requirements-matrix.md is stale: run `npm run matrix` and commit it');
  });

  it('docs/official-suite-parity.md is what the code generates, and names only existing scenarios', () => {
    assert.deepEqual(unknownParityScenarios(), [], 'scenarios/official-parity.ts names scenarios the catalogue does not have');
    const written = readFileSync(PARITY_PATH, 'utf8');
    assert.ok(written === renderParity(), 'docs/official-suite-parity.md is stale: run `npm run matrix` and commit it');
  });

  it('the check-level parity table names only existing checks, and explains every level that differs from the official one', () => {
    assert.deepEqual(unknownParityChecks(), [], 'scenarios/official-parity.ts names checks the registry does not have');
    assert.deepEqual(undocumentedLevelDivergences(), [], 'an official check is judged here at another level without a levelNote saying why');
  });

  it("the README's scenario table is what the code generates", () => {
    const readme = readFileSync(README_PATH, 'utf8');
    const regenerated = readmeWithTable(readme);
    assert.ok(regenerated !== undefined, 'README.md lost its scenario-table markers');
    assert.ok(regenerated === readme, "the README's scenario table is stale: run `npm run matrix` and commit README.md");
  });

  it('no client requirement is left uncovered', () => {
    const uncovered = requirementCoverage()
      .filter((c) => c.uncovered)
      .map((c) => c.requirement.id);
    assert.deepEqual(uncovered, [], `requirements no scenario judges: ${uncovered.join(', ')}`);
  });

  it('flags a requirement whose check runs in no scenario of a revision where the check applies', () => {
    const requirement: Requirement = { id: 'X-1', level: 'MUST', since: '2025-11-25', summary: 's', source: 's', url: 'https://example.invalid/' };
    const check = (id: string, from: number): Check => ({
      id,
      title: id,
      requirements: ['X-1'],
      level: (v) => (['2025-06-18', '2025-11-25', '2026-07-28'].indexOf(v) >= from ? 'MUST' : undefined),
      run: () => ({ status: 'pass', message: '' }),
    });
    const scenario = (checks: string[], specVersions: Scenario['specVersions']): Scenario => ({
      id: 's',
      suite: 'core',
      description: 'd',
      specVersions,
      // Made-up ids: coverage is computed for whatever checks it is given.
      checks: checks as Scenario['checks'],
      topology: { resourceServers: [], authorizationServers: [] },
    });
    const [none] = requirementCoverage([requirement], [check('c', 0)], [scenario([], ['2026-07-28'])]);
    assert.equal(none!.uncovered, true);
    // The scenario runs the check only at 2025-06-18, before the requirement exists.
    const [early] = requirementCoverage([requirement], [check('c', 0)], [scenario(['c'], ['2025-06-18'])]);
    assert.equal(early!.uncovered, true);
    // The check does not apply before 2026-07-28, so 2025-11-25 stays unjudged.
    const [late] = requirementCoverage([requirement], [check('c', 2)], [scenario(['c'], ['2025-11-25', '2026-07-28'])]);
    assert.equal(late!.uncovered, false);
    assert.deepEqual(late!.judgedAt, ['2026-07-28']);
    assert.deepEqual(late!.unjudgedAt, ['2025-11-25']);
  });
});
