// Which scenarios `--drive auto` runs through the agent's prompt command (scenarios/session.ts): read from the
// scenario's topology and checks, so the catalogue's own scenarios land where their verdict is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scenarioById, SCENARIOS } from '../../scenarios/catalogue/index.js';
import { sessionNeed } from '../../scenarios/session.js';
import type { Scenario } from '../../scenarios/types.js';

const scenario = (id: string): Scenario => {
  const found = scenarioById(id);
  assert.ok(found, id);
  return found;
};

describe('sessionNeed', () => {
  it('a refusal after the first token needs the session: step-up, expiry, a server refusing every token, a migration', () => {
    for (const id of ['step-up', 'token-expiry-refresh', 'invalid-token-loop', 'authorization-server-migration'])
      assert.match(sessionNeed(scenario(id)) ?? '', /refuses after the first token/, id);
  });

  it('several MCP servers need the session: a login command signs in to one', () => {
    assert.match(sessionNeed(scenario('token-isolation')) ?? '', /several MCP servers/);
  });

  it('a flow the login settles does not, unless the login never uses its token and a check reads authorized requests', () => {
    const split = scenario('split-auth0');
    assert.equal(sessionNeed(split), undefined);
    assert.match(sessionNeed(split, { stopsAfterToken: true }) ?? '', /never uses its token, and .*authorized-request/);
    const discoveryOnly: Scenario = { ...split, checks: ['prm-uses-header-url', 'pkce-s256'] };
    assert.equal(sessionNeed(discoveryOnly, { stopsAfterToken: true }), undefined);
  });

  it('most of the catalogue is settled by a login that uses its token', () => {
    const needing = SCENARIOS.filter((s) => sessionNeed(s));
    assert.ok(needing.length > 0 && needing.length < SCENARIOS.length / 2, `${needing.length} of ${SCENARIOS.length}`);
  });
});
