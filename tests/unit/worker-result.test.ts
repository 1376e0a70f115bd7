// A namespace worker hands its scenario result over as JSON: it is validated like results.json, and its
// screenshots come back as bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scenarioResultFromJson } from '../../reports/results-folder.js';
import type { ScenarioResult } from '../../reports/results.js';

const run = { tool: { name: 'mcp-oauth-conformance', version: '0' }, client: { name: 'c', description: '' }, specVersion: 'auto' as const };
const result: ScenarioResult = {
  id: 'split-auth0',
  description: 'd',
  suite: 'core',
  specVersion: '2025-11-25',
  protocolVersion: '2025-11-25',
  status: 'pass',
  durationMs: 10,
  checks: [],
  trace: { exchanges: [] },
  userAgent: [],
  screenshots: [{ name: 'consent.png', png: Buffer.from([137, 80, 78, 71]) }],
};

describe('scenario results from a worker', () => {
  it('round-trips, with screenshots as Buffers again', () => {
    const back = scenarioResultFromJson(JSON.stringify(result), run);
    assert.equal(back.id, 'split-auth0');
    assert.ok(Buffer.isBuffer(back.screenshots?.[0]?.png));
    assert.deepEqual([...back.screenshots[0].png], [137, 80, 78, 71]);
  });

  it('refuses a result the results schema refuses, saying where', () => {
    assert.throws(() => scenarioResultFromJson(JSON.stringify({ ...result, status: 'great' }), run), /does not match its schema: .*\/scenarios\/0\/status/);
    assert.throws(() => scenarioResultFromJson(JSON.stringify({ ...result, suite: undefined }), run), /suite/);
    assert.throws(() => scenarioResultFromJson(JSON.stringify({ ...result, trace: {} }), run), /no trace\.exchanges array/);
    assert.throws(
      () => scenarioResultFromJson(JSON.stringify({ ...result, screenshots: [{ name: 'x.png', png: 'AAAA' }] }), run),
      /screenshot x\.png has no bytes/,
    );
  });
});
