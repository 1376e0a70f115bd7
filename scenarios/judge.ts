import { CHECKS } from './checks/index.js';
import { notReachedReason } from './reach.js';
import { requirementAt } from './requirements.js';
import { issuedAccessTokens } from './trace.js';
import { clientProtocolVersion, revisionSpoken, scenarioRevision, type RequestedRevision } from './revision.js';
import { ADVISORY_SUITES, type CheckContext, type Level, type SpecVersion, type Verdict } from './types.js';

export interface JudgeOptions {
  /** `--strict`: failures in the interop and backcompat suites fail the run like any other. */
  strict?: boolean;
  /** The driven command ends once it holds a token (why): where a token was issued, the flow is judged up to it. */
  stopsAfterToken?: string;
}

const SUITE_WHY: Record<string, string> = {
  interop: 'interop scenario: the server plays a quirk beyond the specification, so a failure is a finding, not a violation (--strict makes it fail the run)',
  backcompat:
    'backcompat scenario: from 2025-06-18 on a client without protected resource metadata may abort, and the 2025-03-26 fallback it would need here is optional, so a failure is a finding, not a violation (--strict requires the fallback)',
};

/**
 * Runs a scenario's checks over a trace. A failed SHOULD becomes a warning, and so does any failure in an advisory
 * suite (unless strict) or of a check the scenario judges at most at SHOULD; a check that does not apply at the
 * revision is left out.
 */
export function judge(ctx: CheckContext, options: JudgeOptions = {}): Verdict[] {
  const verdicts: Verdict[] = [];
  const suiteWhy = !options.strict && ADVISORY_SUITES.includes(ctx.scenario.suite) ? SUITE_WHY[ctx.scenario.suite] : undefined;
  for (const id of ctx.scenario.checks) {
    const check = CHECKS.get(id);
    if (!check) throw new Error(`scenario ${ctx.scenario.id} names unknown check ${id}`);
    const specLevel = check.level(ctx.specVersion);
    if (!specLevel) continue;
    const capWhy = ctx.scenario.atMostShould?.[id];
    const level: Level = capWhy ? 'SHOULD' : specLevel;
    let outcome;
    try {
      outcome = check.run(ctx);
    } catch (error) {
      outcome = { status: 'fail' as const, message: `the check could not judge this trace: ${(error as Error).message}`, evidence: [] };
    }
    if (id === 'authorized-request' && outcome.status === 'fail' && options.stopsAfterToken) {
      const issued = issuedAccessTokens(ctx.trace, ctx.topology)[0];
      if (issued)
        outcome = {
          status: 'skip' as const,
          message: `not judged: ${options.stopsAfterToken}; the client obtained a token (#${issued.ex.seq})`,
          evidence: [issued.ex.seq],
        };
    }
    const advisory =
      outcome.status === 'fail' ? (suiteWhy ?? (capWhy && specLevel === 'MUST' ? `${capWhy} (judged at SHOULD in this scenario)` : undefined)) : undefined;
    const status = outcome.status === 'fail' && (level === 'SHOULD' || advisory) ? 'warn' : outcome.status;
    verdicts.push({
      id: check.id,
      title: check.title,
      level,
      status,
      message: outcome.message,
      requirements: [requirementAt(check.requirements[0], ctx.specVersion), ...check.requirements.slice(1).map((r) => requirementAt(r, ctx.specVersion))],
      evidence: outcome.evidence ?? [],
      ...(status === 'fail' || status === 'warn' ? { violations: outcome.violations ?? outcome.evidence ?? [] } : {}),
      ...(advisory ? { advisory } : {}),
    });
  }
  return verdicts;
}

/** A scenario's verdicts at the revision the run asks for (or the client negotiated), with how that revision was chosen. */
export interface ScenarioJudgement {
  protocolVersion: string | null;
  revisionNote: string;
  /** The revision judged at; for a scenario that does not apply, the revision the client speaks. */
  specVersion: SpecVersion;
  /** Judged at a newer revision than the client speaks. */
  preview?: true;
  checks: Verdict[];
  /** Set when the scenario belongs only to revisions older than the client's: nothing was judged. */
  skipReason?: string;
  /** Set when every check skipped: the client never reached what the scenario tests (scenarios/reach.ts). */
  notReached?: string;
}

export function judgeScenario(traced: Omit<CheckContext, 'specVersion'>, requested: RequestedRevision, options: JudgeOptions = {}): ScenarioJudgement {
  // The model server an agent talks to is the driver's, not part of the OAuth behaviour judged: checks never see it.
  const ctx = { ...traced, trace: { exchanges: traced.trace.exchanges.filter((ex) => ex.role !== 'model') } };
  const protocolVersion = clientProtocolVersion(ctx.trace, ctx.topology);
  const spoken = requested === 'auto' ? revisionSpoken(protocolVersion) : { specVersion: requested, why: `judged at ${requested} as --spec-version asks` };
  const placement = scenarioRevision(ctx.scenario, spoken.specVersion);
  const revision = { protocolVersion, revisionNote: spoken.why };
  if (!placement) {
    const skipReason = `the scenario belongs to ${ctx.scenario.specVersions.join(', ')}, all older than ${spoken.specVersion} (${spoken.why})`;
    return { ...revision, specVersion: spoken.specVersion, checks: [], skipReason };
  }
  const checks = judge({ ...ctx, specVersion: placement.specVersion }, options);
  const notReached = notReachedReason(ctx.scenario, checks, ctx.trace, ctx.topology);
  return {
    ...revision,
    specVersion: placement.specVersion,
    ...(placement.preview ? { preview: true as const } : {}),
    checks,
    ...(notReached ? { notReached } : {}),
  };
}
