import { SPEC_VERSIONS, type Check, type Level, type SpecVersion } from '../types.js';
import { compareRevisions } from '../revision.js';

/** A check that applies from `since` on, at the same level. */
export function levelSince(level: Level, since: SpecVersion = SPEC_VERSIONS[0]): (v: SpecVersion) => Level | undefined {
  return (v) => (compareRevisions(v, since) >= 0 ? level : undefined);
}

/** A check whose level rises at a revision, e.g. SHOULD before 2025-11-25 and MUST from then on. */
export function levelRising(before: Level, from: Level, since: SpecVersion): (v: SpecVersion) => Level {
  return (v) => (compareRevisions(v, since) >= 0 ? from : before);
}

/** A check whose id keeps its literal type, so scenarios/checks/index.ts can derive `CheckId` from the list. */
export function defineCheck<Id extends string>(check: Check<Id>): Check<Id> {
  return check;
}

export const pass = (message: string, evidence: number[] = []) => ({ status: 'pass' as const, message, evidence });
/**
 * A failure. `violations`: the requests of `evidence` that broke the rule, when some of it is context only; `[]` when
 * the failure is a request the client never sent (its evidence then only shows where the client stopped).
 */
export const fail = (message: string, evidence: number[] = [], violations: number[] = evidence) => ({ status: 'fail' as const, message, evidence, violations });
export const skip = (message: string, evidence: number[] = []) => ({ status: 'skip' as const, message, evidence });

export type { Check };
