import { SCENARIOS } from './catalogue/index.js';
import { CHECKS } from './checks/index.js';
import { allRequirements } from './requirements.js';
import { revisionsSince } from './revision.js';
import { SPEC_VERSIONS, type Check, type Level, type Requirement, type Scenario, type SpecVersion } from './types.js';

/** Which checks judge a requirement, which scenarios run those checks, and at which revisions. */
export interface RequirementCoverage {
  requirement: Requirement;
  checks: Check[];
  scenarios: Scenario[];
  /** Revisions at which at least one scenario judges the requirement with a check that applies there. */
  judgedAt: SpecVersion[];
  /** Revisions the requirement exists at (from its `since`) that no scenario judges it at. */
  unjudgedAt: SpecVersion[];
  uncovered: boolean;
}

/** Revisions a requirement exists at: from its `since` (2025-03-26 ones at every revision the harness knows). */
export function revisionsOf(requirement: Requirement): SpecVersion[] {
  return revisionsSince(requirement.since);
}

/** Whether `scenario` names the check `id` (any string: coverage is computed for checks outside the list too). */
export function namesCheck(scenario: Scenario, id: string): boolean {
  return (scenario.checks as readonly string[]).includes(id);
}

/** Whether `scenario` judges `check` at revision `v`: it runs there, names the check, and the check applies. */
function judges(scenario: Scenario, check: Check, v: SpecVersion): boolean {
  return scenario.specVersions.includes(v) && namesCheck(scenario, check.id) && check.level(v) !== undefined;
}

/**
 * Coverage of every requirement of the catalogue. A requirement is uncovered when no check names it, or no
 * scenario runs such a check at any revision where both the requirement and the check apply.
 */
export function requirementCoverage(
  requirements: readonly Requirement[] = allRequirements(),
  checks: readonly Check[] = [...CHECKS.values()],
  scenarios: readonly Scenario[] = SCENARIOS,
): RequirementCoverage[] {
  return requirements.map((requirement) => {
    const covering = checks.filter((c) => c.requirements.includes(requirement.id));
    const running = scenarios.filter((s) => covering.some((c) => namesCheck(s, c.id)));
    const revisions = revisionsOf(requirement);
    const judgedAt = revisions.filter((v) => running.some((s) => covering.some((c) => judges(s, c, v))));
    return {
      requirement,
      checks: covering,
      scenarios: running,
      judgedAt,
      unjudgedAt: revisions.filter((v) => !judgedAt.includes(v)),
      uncovered: judgedAt.length === 0,
    };
  });
}

/** A check's level at each revision ('-' where it does not apply), e.g. `SHOULD/MUST/MUST`. */
export function levelsByRevision(check: Check): (Level | '-')[] {
  return SPEC_VERSIONS.map((v) => check.level(v) ?? '-');
}
