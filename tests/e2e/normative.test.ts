// Issue 20 items 3 and 5: clients written to the official suite's contract run unchanged, the variants whose
// authorization server issues no refresh token, and the checks of the normative sentences the catalogue lacked.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILD_ROOT, removeDir, runCli } from '../helpers.js';

const OFFICIAL_CONTRACT_CLIENT = [process.execPath, join(BUILD_ROOT, 'tests', 'clients', 'official-contract-client.js')].map((w) => `'${w}'`).join(' ');

describe('a client written to the official contract', () => {
  it('gets the official scenario names and runs unchanged; a scenario with no official equivalent keeps its own id', async () => {
    const run = await runCli([
      '--client',
      OFFICIAL_CONTRACT_CLIENT,
      '--scenario',
      'preregistered',
      '--scenario',
      'dcr-none',
      '--scenario',
      'token-expiry-refresh',
    ]);
    try {
      const byId = new Map(run.results!.scenarios.map((s) => [s.id, s]));
      for (const id of ['preregistered', 'dcr-none']) {
        const s = byId.get(id)!;
        assert.equal(s.status, 'pass', `${id}: ${s.reason ?? ''} ${JSON.stringify(s.checks.filter((c) => c.status !== 'pass'))}`);
      }
      // The client refuses a name it does not know, as the official example client does: token-expiry-refresh has no
      // official equivalent, so it is named by its own id.
      const own = byId.get('token-expiry-refresh')!;
      assert.notEqual(own.status, 'pass');
      assert.match(own.reason ?? '', /without sending any request; it said: .*Unknown scenario: token-expiry-refresh/);
      assert.equal(run.code, 1, run.stdout);
    } finally {
      await removeDir(run.outDir);
    }
  });
});
