import { quotesAt, type QuoteRevision } from '../../scenarios/requirement-quotes.js';
import { allRequirements } from '../../scenarios/requirements.js';
import { SPEC_VERSIONS } from '../../scenarios/types.js';
import type { Counts, LoadedRun, ResultsCheck, ResultsScenario, Status } from './runs.js';

// docs/client-verdicts.md's blocks: a scenario that did not pass, each failed check with the requests that violated
// it and the sentence that makes it a MUST or SHOULD, and the appendix of every text cited.

// ---- Markdown ----

export const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
export const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
export const MARK: Record<Status, string> = { pass: '✔', fail: '✘', warn: '!', skip: '–', error: '⚠' };
export const revisionOrder = (v: string) => (v === '2025-03-26' ? -1 : (SPEC_VERSIONS as readonly string[]).indexOf(v));

export function countsLine(c: Counts): string {
  return `${c.total}: ${c.pass} pass, ${c.warn} warn, ${c.fail} fail, ${c.skip} skip, ${c.error} error`;
}

const EVIDENCE_SHOWN = 6;
/** Random values that say nothing about a verdict: shortened in evidence URLs (the trace has them whole). */
const NOISE = new Set(['code_challenge', 'state', 'code', 'nonce']);

function shortUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=', 2);
      return NOISE.has(name) && value.length > 12 ? `${name}=${value.slice(0, 8)}…` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

/** The requests a check rests on, from the scenario's trace. */
function evidenceLines(run: LoadedRun, scenario: ResultsScenario, check: ResultsCheck): string[] {
  if (!check.evidence?.length) return [];
  const exchanges = run.trace(scenario);
  const all = check.evidence;
  // A loop can name thousands of requests: the first ones and the last say what happened.
  const shown = all.length > EVIDENCE_SHOWN ? [...all.slice(0, EVIDENCE_SHOWN - 1), all[all.length - 1]!] : all;
  const lines = shown.map((seq) => {
    const ex = exchanges.find((e) => e.seq === seq);
    if (!ex) return `#${seq} (not in the trace)`;
    const status = ex.status === 0 ? 'not answered' : `→ ${ex.status}`;
    const by = ex.from && ex.from !== 'client' ? `, sent by the ${ex.from}` : '';
    return `#${seq} ${code(`${ex.method} ${shortUrl(ex.url)}`)} ${status} (${ex.role} ${code(ex.server)}${by})`;
  });
  if (shown.length < all.length) lines.splice(EVIDENCE_SHOWN - 1, 0, `… ${all.length - shown.length} more …`);
  return lines;
}

const KEYWORD = /\b(MUST|REQUIRED|SHALL|SHOULD|RECOMMENDED|MAY)\b/;

/** `ISS-1 at 2026-07-28`: the heading of a requirement's texts in the appendix, and its anchor. */
const textsHeading = (id: string, revision: string) => `${id} at ${revision}`;
const anchorOf = (heading: string) =>
  `#${heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-')}`;

/** Requirement texts a document cites, collected while rendering, listed once in its appendix. */
export type Cited = Map<string, { id: string; revision: QuoteRevision }>;

/**
 * Why a check's requirements are what they are at `revision`, one line per requirement: the sentence that carries the
 * keyword (or the harness's inference), linked to every text of the requirement in the appendix.
 */
function whyLines(check: ResultsCheck, revision: string, cited: Cited): string[] {
  const ids = check.requirements?.length ? check.requirements : check.requirement ? [check.requirement.id] : [];
  const known = new Map(allRequirements().map((r) => [r.id, r]));
  const lines: string[] = [];
  for (const id of ids) {
    const req = known.get(id);
    if (req && revisionOrder(req.since) > revisionOrder(revision)) continue; // the requirement starts at a later revision
    const at = revisionOrder(revision) >= -1 ? (revision as QuoteRevision) : undefined;
    const text = at ? quotesAt(id, at) : undefined;
    if (!at || !text) {
      lines.push(`${id}: no quote recorded at ${revision}`);
      continue;
    }
    const heading = textsHeading(id, at);
    cited.set(heading, { id, revision: at });
    const more = text.quotes.length > 1 || text.inference ? ` ([all texts](${anchorOf(heading)}))` : '';
    if (text.inference) {
      lines.push(`${id} — **inference**: ${text.inference}${more}`);
      continue;
    }
    const key = text.quotes.find((q) => KEYWORD.test(q.text)) ?? text.quotes[0]!;
    lines.push(`${id} — “${key.text}” ([${key.source}](${key.url}))${more}`);
  }
  return lines;
}

/** The appendix: every text of every requirement cited, per revision. */
export function textsAppendix(cited: Cited): string[] {
  if (cited.size === 0) return [];
  const known = new Map(allRequirements().map((r) => [r.id, r]));
  const lines = ['## Requirement texts', '', 'Every sentence recorded for a requirement cited above, at the revision it was judged.', ''];
  const entries = [...cited.entries()].sort(
    ([, a], [, b]) => a.id.localeCompare(b.id, 'en', { numeric: true }) || revisionOrder(a.revision) - revisionOrder(b.revision),
  );
  for (const [heading, { id, revision }] of entries) {
    const text = quotesAt(id, revision)!;
    const req = known.get(id);
    lines.push(`### ${heading}`, '');
    if (req) lines.push(`${req.level} (harness catalogue, since ${req.since}): ${req.summary}`, '');
    if (text.inference) lines.push(`**Inference** (no sentence states it at the level judged): ${text.inference}`, '');
    for (const q of text.quotes) lines.push(`> ${q.text}`, `>`, `> — [${q.source}](${q.url})`, '');
  }
  return lines;
}

export function scenarioBlock(run: LoadedRun, s: ResultsScenario, cited: Cited): string[] {
  const meta = [s.suite, `judged at ${s.specVersion}`, s.protocolVersion ? `client speaks ${s.protocolVersion}` : undefined, s.preview ? 'preview' : undefined]
    .filter(Boolean)
    .join(' · ');
  const lines = [`#### ${MARK[s.status]} ${code(s.id)} — ${s.status} (${meta})`, ''];
  if (s.description) lines.push(s.description, '');
  if (s.revisionNote) lines.push(`Revision: ${s.revisionNote}`, '');
  if (s.reason) lines.push(`Reason: ${s.reason}`, '');
  const failed = s.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
  if (failed.length === 0 && !s.reason) lines.push('No check failed.', '');
  for (const c of failed) {
    const reqs = c.requirements?.length ? c.requirements : c.requirement ? [c.requirement.id] : [];
    lines.push(`- ${MARK[c.status]} **${code(c.id)}** — ${c.status}, **${c.level}** at ${s.specVersion} (${reqs.join(', ')})`);
    if (c.advisory) lines.push(`  - **interop** (reported as a warning): ${c.advisory}`);
    lines.push(`  - violation: ${c.message}`);
    const evidence = evidenceLines(run, s, c);
    if (evidence.length) lines.push(`  - requests: ${evidence.join('; ')}`);
    for (const why of whyLines(c, s.specVersion, cited)) lines.push(`  - why ${c.level}: ${why}`);
  }
  lines.push('');
  return lines;
}

/** `fail: a, b · warn: c`, the revision when it is not the run's, or the skip/error reason. */
export function verdictCell(s: ResultsScenario | undefined, runRevision: string | undefined): string {
  if (!s) return '(not run)';
  const at = s.specVersion !== runRevision ? ` @${s.specVersion}` : '';
  const preview = s.preview ? ' (preview)' : '';
  const failed = s.checks.filter((c) => c.status === 'fail').map((c) => code(c.id));
  const warned = s.checks.filter((c) => c.status === 'warn').map((c) => code(c.id));
  const parts = [failed.length ? `fail: ${failed.join(', ')}` : '', warned.length ? `warn: ${warned.join(', ')}` : ''].filter(Boolean);
  const reason = (s.status === 'skip' || s.status === 'error') && s.reason ? ` (${s.reason.length > 120 ? `${s.reason.slice(0, 117)}…` : s.reason})` : '';
  return `${MARK[s.status]} ${s.status}${at}${preview}${parts.length ? ` — ${parts.join(' · ')}` : ''}${cell(reason)}`;
}
