import type { BaselineEntry, GateResult } from './baseline.js';

// How one check of one scenario counts, decided here once for every writer (terminal, JUnit, GitHub annotations and
// job summary, HTML data, bug reports): a writer only chooses how to show it. The baseline gate's verdict comes in as
// data; a baseline entry matches a scenario at one revision, so a check is "accepted" only at the revision the
// baseline names (or at every revision when the entry names none).

type Scenario = { id: string; specVersion: string; status: string; preview?: boolean };
type Check = { id: string; status: 'pass' | 'fail' | 'warn' | 'skip'; advisory?: string };

export type Disposition =
  /** Passed. */
  | { kind: 'pass' }
  /** A failed check that fails the run. */
  | { kind: 'failure' }
  /** A failed check the baseline expects: shown, never failing the run. */
  | { kind: 'accepted'; entry: BaselineEntry }
  /** A passing check the baseline still lists: the entry fails the run until removed. */
  | { kind: 'stale'; message: string }
  /** A SHOULD not met (or a failure the verdict policy demotes): reported, never failing the run. */
  | { kind: 'warning'; advisory?: string }
  /** The check could not judge (nothing of the kind was sent). */
  | { kind: 'skipped' }
  /** Judged at a newer revision than the client speaks: not counted, whatever its status (a warning keeps its advisory). */
  | { kind: 'preview'; status: Check['status']; advisory?: string }
  /** Failed in the attempt whose checks are shown while another attempt passed: counted only with --fail-on-flaky. */
  | { kind: 'flaky' };

const atScenario = (scenario: Scenario) => (x: { scenario: string; specVersion: string }) =>
  x.scenario === scenario.id && x.specVersion === scenario.specVersion;

/** The disposition of `check` in `scenario`, with the baseline gate's verdict when the run was gated. */
export function disposition(scenario: Scenario, check: Check, gate?: GateResult): Disposition {
  if (scenario.preview)
    return check.status === 'warn' && check.advisory
      ? { kind: 'preview', status: check.status, advisory: check.advisory }
      : { kind: 'preview', status: check.status };
  const here = atScenario(scenario);
  switch (check.status) {
    case 'fail': {
      if (scenario.status === 'flaky') return { kind: 'flaky' };
      const accepted = gate?.accepted.find((a) => here(a) && a.check === check.id);
      return accepted ? { kind: 'accepted', entry: accepted.entry } : { kind: 'failure' };
    }
    case 'skip':
      return { kind: 'skipped' };
    case 'warn':
      return check.advisory ? { kind: 'warning', advisory: check.advisory } : { kind: 'warning' };
    case 'pass': {
      const stale = gate?.stale.find((st) => here(st) && st.entry.check === check.id);
      return stale ? { kind: 'stale', message: stale.message } : { kind: 'pass' };
    }
  }
}

/**
 * Where a report lists a check, whether or not it counts: `not-met` (the client fell short: a failure, accepted, flaky,
 * a warning, or a preview that would fail or warn), `met` (passed, a stale baseline entry included) or `not-judged`.
 */
export type Outcome = 'not-met' | 'met' | 'not-judged';

export function outcome(d: Disposition): Outcome {
  switch (d.kind) {
    case 'failure':
    case 'accepted':
    case 'flaky':
    case 'warning':
      return 'not-met';
    case 'pass':
    case 'stale':
      return 'met';
    case 'skipped':
      return 'not-judged';
    case 'preview':
      return d.status === 'fail' || d.status === 'warn' ? 'not-met' : d.status === 'skip' ? 'not-judged' : 'met';
  }
}

/** The advisory a check is reported with instead of failing (a demoted failure's reason), preview or not. */
export function advisoryOf(d: Disposition): string | undefined {
  return d.kind === 'warning' || d.kind === 'preview' ? d.advisory : undefined;
}

/** Baseline entries naming `scenario` as a whole (no check) that it no longer deserves: it passes at that revision. */
export function staleScenarioEntries(scenario: Scenario, gate?: GateResult): { message: string }[] {
  const here = atScenario(scenario);
  return gate?.stale.filter((st) => here(st) && !st.entry.check) ?? [];
}
