// Every requirement names the sentence that makes it a MUST / SHOULD / MAY (scenarios/requirement-quotes.ts), at every
// revision a check judges it; docs/client-verdicts.md quotes them beside each failure.
//
// With MCP_SPEC_DIR pointing at a checkout of modelcontextprotocol/modelcontextprotocol (the folder holding docs/),
// the MCP quotes are also compared with the specification's own text; without it that test is skipped.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { CHECKS } from '../../scenarios/checks/index.js';
import { QUOTE_REVISIONS, REQUIREMENT_QUOTES, quotesAt, type QuoteRevision } from '../../scenarios/requirement-quotes.js';
import { allRequirements, requirement } from '../../scenarios/requirements.js';
import { SPEC_VERSIONS } from '../../scenarios/types.js';

const KEYWORD = /\b(MUST|MUST NOT|REQUIRED|SHALL|SHOULD|SHOULD NOT|RECOMMENDED|MAY|OPTIONAL)\b/;
const order = (v: QuoteRevision) => QUOTE_REVISIONS.indexOf(v);

describe('requirement quotes', () => {
  it('every requirement of scenarios/requirements.ts has a quote', () => {
    const missing = allRequirements()
      .map((r) => r.id)
      .filter((id) => !REQUIREMENT_QUOTES[id]?.length);
    assert.deepEqual(missing, [], `requirements without a quote in scenarios/requirement-quotes.ts: ${missing.join(', ')}`);
  });

  it('quotes only requirements that exist', () => {
    const known = new Set(allRequirements().map((r) => r.id));
    assert.deepEqual(
      Object.keys(REQUIREMENT_QUOTES).filter((id) => !known.has(id)),
      [],
    );
  });

  it('every revision at which a scenario runs a check has a quote for its requirements there', () => {
    const gaps: string[] = [];
    for (const check of CHECKS.values()) {
      for (const v of SPEC_VERSIONS) {
        if (check.level(v) === undefined || !SCENARIOS.some((s) => s.specVersions.includes(v) && (s.checks as readonly string[]).includes(check.id))) continue;
        const existing = check.requirements.filter((id) => order(requirement(id).since) <= order(v));
        for (const id of existing) if (!quotesAt(id, v)) gaps.push(`${id}@${v} (${check.id})`);
        if (!check.requirements.some((id) => quotesAt(id, v))) gaps.push(`${check.id}@${v}: none of ${check.requirements.join(', ')}`);
      }
    }
    assert.deepEqual(gaps, [], `no quote for: ${gaps.join('; ')}`);
  });

  it('each entry is either quoted with a keyword or says it is an inference; ranges are ordered and do not overlap', () => {
    for (const [id, texts] of Object.entries(REQUIREMENT_QUOTES)) {
      let previousEnd = -1;
      for (const t of texts) {
        const from = order(t.from);
        const until = t.until === undefined ? QUOTE_REVISIONS.length - 1 : order(t.until);
        assert.ok(from >= 0 && until >= from, `${id}: bad range ${t.from}..${t.until}`);
        assert.ok(from > previousEnd, `${id}: ${t.from} overlaps the entry before`);
        previousEnd = until;
        assert.ok(t.quotes.length > 0 || t.inference, `${id}@${t.from}: neither a quote nor an inference`);
        if (!t.inference)
          assert.ok(
            t.quotes.some((q) => KEYWORD.test(q.text)),
            `${id}@${t.from}: no quote carries a requirement keyword, so it needs an inference`,
          );
        for (const q of t.quotes) {
          assert.ok(q.text.length > 0 && q.text.length <= 600, `${id}@${t.from}: keep each quote to its sentence (${q.text.length} chars)`);
          assert.match(q.url, /^https:\/\//);
        }
      }
    }
  });

  it('a requirement judged from 2025-11-25 on (PKCE-3) and one from 2026-07-28 (ISS-1) quote their own revision', () => {
    assert.equal(quotesAt('PKCE-3', '2025-06-18'), undefined);
    assert.match(quotesAt('PKCE-3', '2025-11-25')!.quotes[0]!.source, /^MCP 2025-11-25 /);
    assert.match(quotesAt('PKCE-3', '2026-07-28')!.quotes[0]!.source, /^MCP 2026-07-28 /);
    assert.equal(quotesAt('ISS-1', '2025-11-25'), undefined);
    assert.match(quotesAt('ISS-1', '2026-07-28')!.quotes[0]!.text, /MUST apply the validation in RFC9207 Section 2\.4/);
  });

  const specDir = process.env.MCP_SPEC_DIR;
  it(
    'MCP quotes appear verbatim in the specification text (MCP_SPEC_DIR)',
    { skip: specDir ? false : 'set MCP_SPEC_DIR to a modelcontextprotocol checkout to compare' },
    () => {
      const pages = new Map<string, string>();
      const page = (url: string): string => {
        const path = new URL(url).pathname;
        const candidates = [join(specDir!, 'docs', `${path}.mdx`), join(specDir!, 'docs', path, 'index.mdx')];
        const file = candidates.find((f) => existsSync(f));
        assert.ok(file, `no file for ${url} under ${specDir}`);
        if (!pages.has(file)) pages.set(file, rendered(readFileSync(file, 'utf8')));
        return pages.get(file)!;
      };
      const wrong: string[] = [];
      for (const [id, texts] of Object.entries(REQUIREMENT_QUOTES)) {
        for (const t of texts) {
          for (const q of t.quotes) {
            if (!q.url.startsWith('https://modelcontextprotocol.io/')) continue;
            if (!page(q.url).includes(collapse(q.text))) wrong.push(`${id}@${t.from} ${q.source}: ${q.text}`);
          }
        }
      }
      assert.deepEqual(wrong, [], `quotes not found verbatim:\n${wrong.join('\n')}`);
    },
  );
});

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A page's text as it renders: link targets, bold and italic marks dropped, lines joined. */
function rendered(mdx: string): string {
  return collapse(
    mdx
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\[\d+\]/g, '$1')
      .replace(/\*\*/g, '')
      .replace(/(^|[^A-Za-z0-9`])_([^_\n]+)_(?![A-Za-z0-9])/g, '$1$2'),
  );
}
