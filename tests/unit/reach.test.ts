// A scenario passes on what the client did: one whose every check skipped was not reached (status skip), unless
// stopping is its right behaviour and the client got as far as the point it names.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { judgeScenario } from '../../scenarios/judge.js';
import { REACH_POINTS, type Scenario } from '../../scenarios/types.js';
import { ONE_RS_ONE_AS, type Step } from '../synthetic-trace.js';

const { AS, MCP, PRM, topology, trace } = ONE_RS_ONE_AS;
const byId = (id: string): Scenario => {
  const found = SCENARIOS.find((s) => s.id === id);
  assert.ok(found, id);
  return found;
};
const judged = (id: string, ...steps: Step[]) => judgeScenario({ scenario: byId(id), topology, trace: trace(...steps) }, '2025-11-25');

const unauthorized: Step = { method: 'POST', url: MCP, status: 401 };
const prm: Step = { method: 'GET', url: PRM, status: 200 };

describe('scenarios not reached', () => {
  it("a scenario whose every check skipped is not reached, with the checks' reasons", () => {
    // invalid-token-loop judges what follows a 401 invalid_token to a bearer request; this client never sent one.
    const judgement = judged('invalid-token-loop', unauthorized, prm, { method: 'GET', url: `${AS}/.well-known/oauth-authorization-server`, status: 200 });
    assert.ok(judgement.checks.length > 0 && judgement.checks.every((c) => c.status === 'skip'));
    assert.match(judgement.notReached ?? '', /^not reached: every check skipped \(the MCP server never answered 401 invalid_token/);
  });

  it('no-registration-endpoint passes a client that read the metadata and stopped (also at localhost for 127.0.0.1)', () => {
    for (const metadata of [`${AS}/.well-known/oauth-authorization-server`, 'http://localhost:4200/.well-known/oauth-authorization-server']) {
      const judgement = judged('no-registration-endpoint', unauthorized, prm, { method: 'GET', url: metadata, status: 200 });
      assert.ok(
        judgement.checks.every((c) => c.status === 'skip'),
        JSON.stringify(judgement.checks),
      );
      assert.equal(judgement.notReached, undefined);
    }
  });

  it('no-registration-endpoint is not reached by a client that never read the metadata, or read a 404', () => {
    for (const steps of [[unauthorized], [unauthorized, prm, { method: 'GET', url: `${AS}/.well-known/openid-configuration`, status: 404 } as Step]]) {
      const judgement = judged('no-registration-endpoint', ...steps);
      assert.match(judgement.notReached ?? '', /the client never read an authorization server's metadata, the point after which stopping is right$/);
    }
  });

  it('a scenario with one judged check is reached, whatever the others did', () => {
    const judgement = judged('no-registration-endpoint', unauthorized, prm, { method: 'POST', url: `${AS}/register`, status: 404 });
    assert.ok(judgement.checks.some((c) => c.status === 'fail'));
    assert.equal(judgement.notReached, undefined);
  });

  it('topology files may name every reach point and no other', () => {
    const schema = JSON.parse(readFileSync(new URL('../../../scenarios/topology-file.schema.json', import.meta.url), 'utf8')) as {
      definitions: Record<string, { properties?: Record<string, { enum?: string[] }> }>;
    };
    const named = Object.values(schema.definitions).flatMap((d) => d.properties?.rightStopAfter?.enum ?? []);
    assert.deepEqual(named, [...REACH_POINTS]);
  });
});
