import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGE_ROOT } from '../../harness/paths.js';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { CHECKS } from '../../scenarios/checks/index.js';
import { NORMATIVE_SENTENCES } from '../../scenarios/normative-sentences.js';

describe('normative sentences', () => {
  it('each has checks that exist and run in some scenario, or a reason docs/decisions.md gives', () => {
    const decisions = readFileSync(join(PACKAGE_ROOT, 'docs', 'decisions.md'), 'utf8');
    for (const sentence of NORMATIVE_SENTENCES) {
      for (const id of sentence.checks) {
        assert.ok(CHECKS.has(id), `${id} is not a check`);
        assert.ok(
          SCENARIOS.some((s) => s.checks.includes(id)),
          `${id} runs in no scenario`,
        );
      }
      const cited = sentence.note.match(/docs\/decisions\.md, "([^"]+)"/)?.[1];
      if (sentence.checks.length === 0) assert.ok(cited, `"${sentence.text}" has neither a check nor a decision`);
      if (cited) assert.ok(decisions.includes(`**${cited}.**`), `docs/decisions.md has no paragraph "${cited}"`);
    }
  });
});
