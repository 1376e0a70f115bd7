import { bodyText, quotableLines } from './client-words.js';
import { describe, isHop, query } from './trace.js';
import type { Exchange, Level, ResolvedTopology, Trace, Verdict } from './types.js';

// Why a scenario did not pass, told the way a maintainer reads a bug: the first thing the client did wrong (or the
// first time it refused to go on), what it did after its last step, and what it said. Built from the trace, the
// verdicts and the client's exit and output; it judges nothing the checks have not judged, and a client whose checks
// all passed gets no cause.

/** How the client's process ended, and what it printed. */
export interface ClientEnding {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Why the harness ended a client that had not exited because the verdict was settled. */
  settled?: string;
  stdout: string;
  stderr: string;
}

/** The first deviation: the headline's subject. */
export type AccountCause =
  /** The earliest request the client chose that a failed (or warned) check names as breaking its rule. */
  | { kind: 'violation'; seq: number; check: string; level: Level; status: 'fail' | 'warn' }
  /** The client's own redirect URI refused a well-formed authorization response (a code, the client's own state). */
  | { kind: 'refusal'; seq: number; httpStatus: number }
  /** Neither: the client stopped after its last step, without the request a failed check expected next. */
  | { kind: 'stopped'; seq?: number; check: string };

export interface ClientWords {
  /** Where the words came from: the page its redirect URI answered, or its output streams. */
  source: 'redirect-uri' | 'stderr' | 'stdout';
  /** For the redirect URI: the exchange it answered. */
  seq?: number;
  text: string;
}

export interface StopAccount {
  /** One line, cause first; absent when nothing the client did is at fault (a scenario it never reached). */
  headline?: string;
  cause?: AccountCause;
  /** The last step the client took on its own (a request it chose, or its redirect URI's answer) and what answered it. */
  lastStep?: { seq: number; text: string };
  /** What the client did after its last step ("it sent nothing more, and it exited with code 1"). */
  then: string;
  words: ClientWords[];
  /** Checks that failed only because of the cause: the request they expected never came. */
  consequences: string[];
}

function failed(v: Verdict): v is Verdict & { status: 'fail' | 'warn' } {
  return v.status === 'fail' || v.status === 'warn';
}

const rank = (v: Verdict) => (v.status === 'fail' ? 0 : 2) + (v.level === 'MUST' ? 0 : 1);

type Violation = Extract<AccountCause, { kind: 'violation' }>;

/** The earliest request a failed check marks as breaking its rule, and the gravest check that marks it. */
function firstViolation(checks: Verdict[], bySeq: Map<number, Exchange>): Violation | undefined {
  let best: { seq: number; verdict: Verdict & { status: 'fail' | 'warn' } } | undefined;
  for (const verdict of checks.filter(failed)) {
    for (const seq of verdict.violations ?? verdict.evidence) {
      const ex = bySeq.get(seq);
      // A client's automatic redirect hop went where the server sent it: not a choice, so never a cause.
      if (!ex || (ex.from === 'client' && isHop(ex))) continue;
      if (!best || seq < best.seq || (seq === best.seq && rank(verdict) < rank(best.verdict))) best = { seq, verdict };
    }
  }
  return best && { kind: 'violation', seq: best.seq, check: best.verdict.id, level: best.verdict.level, status: best.verdict.status };
}

/**
 * A callback the client had every reason to accept: the authorization server's own redirect (not a forged delivery),
 * carrying a code, no error, the state of the authorization request it answers and, where present, the issuer's
 * exact `iss`. A client refusing anything else may be right to.
 */
function wellFormedResponse(callback: Exchange, bySeq: Map<number, Exchange>, topology: ResolvedTopology | undefined): boolean {
  const authorize = callback.redirectedFrom === undefined ? undefined : bySeq.get(callback.redirectedFrom);
  if (!authorize || authorize.role !== 'authorization-server') return false;
  const params = query(callback);
  if (!params.get('code') || params.has('error')) return false;
  if (params.get('state') !== query(authorize).get('state')) return false;
  const iss = params.get('iss');
  const issuer = topology?.authorizationServers.find((as) => as.id === authorize.server)?.issuer;
  return iss === null || iss === issuer;
}

function firstRefusal(exchanges: Exchange[], bySeq: Map<number, Exchange>, topology: ResolvedTopology | undefined): Exchange | undefined {
  return exchanges.find((ex) => ex.role === 'client-callback' && ex.status >= 400 && wellFormedResponse(ex, bySeq, topology));
}

/** The client's own steps: requests it chose, the authorization URL it had opened, and its redirect URI's answers. */
function ownSteps(exchanges: Exchange[]): Exchange[] {
  return exchanges.filter((ex) => ex.role === 'client-callback' || ((ex.from === 'client' || ex.from === 'user-agent') && !isHop(ex)));
}

function stepText(ex: Exchange, topology: ResolvedTopology | undefined): string {
  if (ex.role === 'client-callback')
    return ex.status === 0
      ? `its redirect URI did not answer ${ex.method} ${ex.url} (#${ex.seq})`
      : `its redirect URI answered ${ex.method} ${ex.url} with ${ex.status} (#${ex.seq})`;
  const how = ex.from === 'user-agent' ? 'it had the browser open ' : '';
  const request = topology ? describe(ex, topology) : `${ex.method} ${ex.url} (answered ${ex.status})`;
  return `${how}${request} (#${ex.seq})`;
}

function endingText(ending: ClientEnding | undefined): string {
  if (!ending) return 'how it ended is not known (the harness did not start it)';
  if (ending.timedOut) return 'it was still running at the timeout, and the harness killed its process group';
  if (ending.settled !== undefined) return `the harness ended it once the verdict was settled (${ending.settled})`;
  if (ending.signal) return `it was killed by ${ending.signal}`;
  return `it exited with code ${ending.exitCode ?? 'unknown'}`;
}

/** The client's words: what its redirect URI answered when it refused, then the output lines worth quoting. */
function wordsOf(exchanges: Exchange[], ending: ClientEnding | undefined): ClientWords[] {
  const words: ClientWords[] = exchanges
    .filter((ex) => ex.role === 'client-callback' && ex.status >= 400 && ex.responseBody.trim())
    .map((ex) => ({ source: 'redirect-uri' as const, seq: ex.seq, text: bodyText(ex.responseBody) }));
  if (!ending) return words;
  words.push(
    ...quotableLines([
      { source: 'stderr' as const, text: ending.stderr },
      { source: 'stdout' as const, text: ending.stdout },
    ]),
  );
  return words;
}

function quote(words: ClientWords[]): string {
  const first = words.find((w) => w.source === 'redirect-uri') ?? words[words.length - 1];
  return first ? `; it said: "${first.text}"` : '';
}

export function stopAccount(input: { trace: Trace; topology?: ResolvedTopology; checks: Verdict[]; client?: ClientEnding }): StopAccount {
  const exchanges = input.trace.exchanges.filter((ex) => ex.role !== 'model');
  const bySeq = new Map(exchanges.map((ex) => [ex.seq, ex]));
  const steps = ownSteps(exchanges);
  const last = steps[steps.length - 1];
  const lastStep = last && { seq: last.seq, text: stepText(last, input.topology) };
  const then = `${last ? 'it sent nothing more, and ' : 'it sent no request, and '}${endingText(input.client)}`;
  const words = wordsOf(exchanges, input.client);
  const failures = input.checks.filter(failed);
  const consequences = failures.filter((v) => (v.violations ?? v.evidence).length === 0).map((v) => v.id);
  const account: StopAccount = { ...(lastStep ? { lastStep } : {}), then, words, consequences };
  if (failures.length === 0) return account;

  // The checks that make the verdict: a failed MUST where there is one, so an earlier SHOULD finding does not stand
  // before the violation that failed the scenario (it is still listed).
  const decisive = failures.some((v) => v.status === 'fail') ? failures.filter((v) => v.status === 'fail') : failures;
  const violation = firstViolation(decisive, bySeq) ?? firstViolation(failures, bySeq);
  const refusal = firstRefusal(exchanges, bySeq, input.topology);
  if (refusal && (!violation || refusal.seq < violation.seq)) {
    const said = words.find((w) => w.seq === refusal.seq);
    return {
      ...account,
      cause: { kind: 'refusal', seq: refusal.seq, httpStatus: refusal.status },
      headline:
        `the client's redirect URI refused the authorization response: it answered ${refusal.method} ${refusal.url} (#${refusal.seq}) with ${refusal.status}` +
        (said ? ` "${said.text}"` : ''),
    };
  }
  if (violation) {
    const verdict = failures.find((v) => v.id === violation.check)!;
    return { ...account, cause: violation, headline: `${verdict.id} (${verdict.level}): ${verdict.message}` };
  }
  const expected = decisive[0]!;
  const where = lastStep ? `after ${lastStep.text}` : 'before sending any request';
  return {
    ...account,
    cause: { kind: 'stopped', ...(last ? { seq: last.seq } : {}), check: expected.id },
    headline: `the client stopped ${where}: ${endingText(input.client)}${quote(words)}`,
  };
}
