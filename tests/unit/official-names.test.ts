import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { OFFICIAL_CLIENT_AUTH_SCENARIOS, officialScenarioName } from '../../scenarios/official-parity.js';

describe('official scenario names given to command clients', () => {
  it('names every scenario with an official equivalent by an official scenario that lists it', () => {
    for (const s of SCENARIOS) {
      const name = officialScenarioName(s.id);
      const listing = OFFICIAL_CLIENT_AUTH_SCENARIOS.filter((o) => o.ours.includes(s.id));
      if (listing.length === 0) assert.equal(name, undefined, s.id);
      else
        assert.ok(
          listing.some((o) => o.official === name),
          `${s.id} -> ${String(name)}`,
        );
    }
  });

  it('chooses the official scenario ours stands for most exactly, then the first in the official order', () => {
    assert.equal(officialScenarioName('preregistered'), 'auth/pre-registration');
    // dcr-none stands for metadata-default (beside split-auth0) and for token-endpoint-auth-none alone.
    assert.equal(officialScenarioName('dcr-none'), 'auth/token-endpoint-auth-none');
    // split-auth0 shares both of its official scenarios with dcr-none: the first in the official order.
    assert.equal(officialScenarioName('split-auth0'), 'auth/metadata-default');
    assert.equal(officialScenarioName('forged-callback'), undefined);
  });
});
