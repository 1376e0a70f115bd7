import { CHECKS } from './checks/index.js';
import { requirement } from './requirements.js';
import type { CheckContext, Verdict } from './types.js';

/** Runs a scenario's checks over a trace. A failed SHOULD becomes a warning; a check that does not apply at the revision is left out. */
export function judge(ctx: CheckContext): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const id of ctx.scenario.checks) {
    const check = CHECKS.get(id);
    if (!check) throw new Error(`scenario ${ctx.scenario.id} names unknown check ${id}`);
    const level = check.level(ctx.specVersion);
    if (!level) continue;
    let outcome;
    try {
      outcome = check.run(ctx);
    } catch (error) {
      outcome = { status: 'fail' as const, message: `the check could not judge this trace: ${(error as Error).message}`, evidence: [] };
    }
    const status = outcome.status === 'fail' && level === 'SHOULD' ? 'warn' : outcome.status;
    verdicts.push({
      id: check.id,
      title: check.title,
      level,
      status,
      message: outcome.message,
      requirements: check.requirements.map(requirement),
      evidence: outcome.evidence ?? [],
    });
  }
  return verdicts;
}
