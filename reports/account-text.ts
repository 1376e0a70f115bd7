import type { StopAccount } from '../scenarios/account.js';

// The account of a scenario (scenarios/account.ts) as plain lines, for the writers that are not a terminal: JUnit,
// GitHub annotations and summaries, bug reports. The first line is always the cause.

type Known = { url: string; title: string; fixedIn?: string };
type Accounted = { account?: StopAccount; checks?: readonly { known?: Known }[] };
type CheckLike = { id: string; message: string; known?: Known };

/** "known: URL, fixed in V": where a known client bug that explains a failure is reported. */
export function knownText(known: Known): string {
  return `known: ${known.url}, ${known.fixedIn ? `fixed in ${known.fixedIn}` : 'no fixed release yet'}`;
}

/** The known bug behind a scenario's failures, if one of its failed checks names one (the cause's first). */
export function scenarioKnown(scenario: Accounted): Known | undefined {
  return scenario.checks?.find((c) => c.known)?.known;
}

/** "its redirect URI (#6)" or "stderr": where the client said it. */
export function wordsSource(words: StopAccount['words'][number]): string {
  return words.source === 'redirect-uri' ? `its redirect URI (#${words.seq})` : words.source;
}

/** The client's last step and end, then what it said that the headline did not quote already. */
export function afterLines(account: StopAccount): string[] {
  const cause = account.cause;
  const step = !account.lastStep ? '' : account.lastStep.seq === cause?.seq ? 'after that, ' : `after its last step, ${account.lastStep.text}, `;
  const quoted = cause?.kind === 'refusal' ? cause.seq : undefined;
  return [
    `then: ${step}${account.then}`,
    ...account.words.filter((w) => w.seq === undefined || w.seq !== quoted).map((w) => `said (${wordsSource(w)}): ${w.text}`),
  ];
}

/** The whole account: `cause: …` (when there is one), then what the client did and said. */
export function accountText(scenario: Accounted): string[] {
  const account = scenario.account;
  if (!account) return [];
  const known = scenarioKnown(scenario);
  return [...(account.headline ? [`cause: ${account.headline}${known ? ` (${knownText(known)})` : ''}`] : []), ...afterLines(account)];
}

/** Whether a failed check is the cause itself (its own message is then the headline). */
export function isCauseCheck(scenario: Accounted, check: { id: string }): boolean {
  const cause = scenario.account?.cause;
  return cause?.kind === 'violation' && cause.check === check.id;
}

/**
 * A failed check's message as a CI line reads it: the cause first. The cause's own check keeps its message; any
 * other failure of a scenario with a cause is preceded by it, and a consequence says it is one.
 */
export function failureMessage(scenario: Accounted, check: CheckLike): string {
  const headline = scenario.account?.headline;
  const own = check.known ? `${check.message} (${knownText(check.known)})` : check.message;
  if (!headline || isCauseCheck(scenario, check)) return own;
  const consequence = scenario.account?.consequences.includes(check.id);
  return `cause: ${headline}\n${consequence ? 'a consequence' : 'also'}: ${own}`;
}
