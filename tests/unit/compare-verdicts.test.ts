// scripts/compare-verdicts.ts: two runs agree only when every scenario and every check has the same status.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verdictDifferences } from '../../scripts/compare-verdicts.js';

const scenario = (id: string, status: string, checks: [string, string][], drive?: string) => ({
  id,
  specVersion: '2025-11-25',
  status,
  ...(drive ? { drive } : {}),
  checks: checks.map(([checkId, checkStatus]) => ({ id: checkId, status: checkStatus })),
});

describe('verdictDifferences', () => {
  it('finds none where scenario and check statuses agree, whatever the drives', () => {
    const a = [scenario('split-auth0', 'pass', [['pkce-s256', 'pass']], 'agent')];
    const b = [scenario('split-auth0', 'pass', [['pkce-s256', 'pass']], 'login')];
    assert.deepEqual(verdictDifferences(a, b), []);
  });

  it('names a scenario status, a check status and a scenario or check in one run only', () => {
    const a = [
      scenario(
        'split-auth0',
        'pass',
        [
          ['pkce-s256', 'pass'],
          ['bearer-header', 'pass'],
        ],
        'agent',
      ),
      scenario('cimd', 'pass', []),
    ];
    const b = [scenario('split-auth0', 'fail', [['pkce-s256', 'fail']], 'login'), scenario('dpop', 'skip', [])];
    assert.deepEqual(verdictDifferences(a, b), [
      'cimd@2025-11-25: only in the first run (pass)',
      'dpop@2025-11-25: only in the second run (skip)',
      'split-auth0@2025-11-25 [agent / login]: scenario pass / fail',
      'split-auth0@2025-11-25 [agent / login]: check pkce-s256 pass / fail',
      'split-auth0@2025-11-25 [agent / login]: check bearer-header only in the first run (pass)',
    ]);
  });
});
