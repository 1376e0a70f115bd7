import type { ScenarioResult, ScenarioStatus } from '../../reports/results.js';
import type { RunOptions } from '../run/run-options.js';

type RunOne = NonNullable<RunOptions['runOne']>;

/** Verdicts a retry may change: a skip is not a verdict on the client, an interruption ends the run. */
const RETRIED: ReadonlySet<ScenarioStatus> = new Set(['fail', 'warn', 'error']);
/** Which attempt speaks for a scenario none of whose attempts passed: the worst. */
const SEVERITY: ScenarioStatus[] = ['error', 'fail', 'warn'];

/**
 * `--retries N` (as Playwright's): a scenario whose verdict is fail, warn or error runs again, up to N more times,
 * until an attempt passes. Every attempt is kept (see attemptsResult). `withEarlierAttempts` gives an interrupted
 * attempt (harness/interrupt.ts) the attempts its scenario had finished before it.
 */
export function withRetries(
  runOne: RunOne,
  retries: number,
  stopped: () => boolean,
): { runOne: RunOne; withEarlierAttempts: (interrupted: ScenarioResult) => ScenarioResult } {
  const finished = new Map<string, ScenarioResult[]>();
  return {
    runOne:
      retries <= 0
        ? runOne
        : async (scenario, options, queue) => {
            const attempts: ScenarioResult[] = [];
            finished.set(scenario.id, attempts);
            let last: ScenarioResult;
            do {
              last = await runOne(scenario, options, queue);
              // An attempt that ends after the run was interrupted is not one: its interrupted result stands for it, and
              // the attempts before it stay here for withEarlierAttempts.
              if (stopped()) return last;
              attempts.push(last);
            } while (RETRIED.has(last.status) && attempts.length <= retries);
            finished.delete(scenario.id);
            return attemptsResult(attempts);
          },
    withEarlierAttempts: (interrupted) => {
      const earlier = finished.get(interrupted.id) ?? [];
      return earlier.length ? attemptsResult([...earlier, interrupted]) : interrupted;
    },
  };
}

/**
 * One result for a scenario's attempts. When one passed after others did not, the scenario is `flaky` and shows its
 * first attempt (the one that did not pass: the evidence worth reading); when none passed, it shows its worst attempt
 * with that attempt's verdict. Either way `attempts` holds all of them and `attempt` says which one is shown.
 */
export function attemptsResult(attempts: ScenarioResult[]): ScenarioResult {
  const [first] = attempts;
  if (!first) throw new Error('a scenario ran no attempt');
  if (attempts.length === 1) return first;
  const verdicts = attempts.map((a, i) => `attempt ${i + 1} ${a.status}`).join(', ');
  if (attempts.some((a) => a.status === 'pass')) {
    return {
      ...first,
      status: 'flaky',
      reason: `flaky: ${verdicts}; attempt 1 is shown${first.reason ? ` (${first.reason})` : ''}`,
      attempts,
      attempt: 1,
    };
  }
  const worst = SEVERITY.map((status) => attempts.findIndex((a) => a.status === status)).find((i) => i >= 0) ?? 0;
  const shown = attempts[worst]!;
  return {
    ...shown,
    reason: `${verdicts}; attempt ${worst + 1} is shown${shown.reason ? ` (${shown.reason})` : ''}`,
    attempts,
    attempt: worst + 1,
  };
}
