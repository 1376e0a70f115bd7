// When a scenario counts as settled (scenarios/settled.ts), on synthetic traces: done only once the last
// expected request was answered, decided only once a monotone failure is reached.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scenarioById } from '../../scenarios/catalogue/index.js';
import { settlement } from '../../scenarios/settled.js';
import type { ResolvedTopology, Scenario } from '../../scenarios/types.js';
import { traceBuilder, type Step } from '../synthetic-trace.js';

const RS = 'http://localhost:4000';
const AS = 'http://127.0.0.1:5000';
const MCP = `${RS}/mcp`;

const topology: ResolvedTopology = {
  resourceServers: [{ id: 'rs', origin: RS, mcpUrl: MCP, prmUrls: [], resource: MCP, authorizationServers: ['as'] }],
  authorizationServers: [
    {
      id: 'as',
      origin: AS,
      issuer: AS,
      endpoints: { authorization: `${AS}/oauth/authorize`, token: `${AS}/oauth/token`, registration: `${AS}/oauth/register` },
      metadataUrls: { 'oauth-path-inserted': `${AS}/.well-known/oauth-authorization-server` },
    },
  ],
};

const trace = traceBuilder({ id: 'rs', origin: RS }, { id: 'as', origin: AS });

const unauthorized: Step = { method: 'POST', url: MCP, status: 401 };
const authorized = (status: number, error?: string): Step => ({
  method: 'POST',
  url: MCP,
  status,
  requestHeaders: { authorization: 'Bearer t' },
  ...(error ? { responseHeaders: { 'www-authenticate': `Bearer error="${error}"` } } : {}),
});
const authorize: Step = { method: 'GET', url: `${AS}/oauth/authorize?response_type=code`, status: 302 };
const token: Step = { method: 'POST', url: `${AS}/oauth/token`, status: 200, requestBody: 'grant_type=authorization_code' };
const refresh: Step = { method: 'POST', url: `${AS}/oauth/token`, status: 200, requestBody: 'grant_type=refresh_token' };

function scenario(id: string): Scenario {
  const found = scenarioById(id);
  assert.ok(found, id);
  return found;
}

describe('settlement', () => {
  it('is open until an authorized request succeeds, then done', () => {
    const s = scenario('split-auth0');
    assert.equal(settlement(trace(unauthorized, authorize, token), s, topology).state, 'open');
    assert.equal(settlement(trace(unauthorized, authorize, token, authorized(401, 'invalid_token')), s, topology).state, 'open');
    assert.equal(settlement(trace(unauthorized, authorize, token, authorized(200)), s, topology).state, 'done');
  });

  it('where the first token is refused on purpose, is done only after a success that follows a refusal', () => {
    const s = scenario('token-expiry-refresh');
    assert.equal(settlement(trace(unauthorized, authorize, token, authorized(200)), s, topology).state, 'open');
    assert.equal(settlement(trace(unauthorized, authorize, token, authorized(200), authorized(401, 'invalid_token')), s, topology).state, 'open');
    const after = trace(unauthorized, authorize, token, authorized(200), authorized(401, 'invalid_token'), refresh, authorized(200));
    assert.equal(settlement(after, s, topology).state, 'done');
  });

  it('decides a retry-limit scenario only once the limit is exceeded', () => {
    const s = scenario('invalid-token-loop');
    const refused = authorized(401, 'invalid_token');
    const base = [unauthorized, authorize, token, refused];
    assert.equal(settlement(trace(...base, refresh, refresh), s, topology).state, 'open');
    assert.equal(settlement(trace(...base, refresh, refresh, authorize), s, topology).state, 'decided');
  });

  it('is stalled while the last thing that happened is an authorization request refused without a redirect', () => {
    const s = scenario('client-credentials-basic');
    const refusedPage: Step = { ...authorize, status: 400, from: 'user-agent' };
    const stalled = settlement(trace(unauthorized, refusedPage), s, topology);
    assert.equal(stalled.state, 'stalled');
    assert.match(stalled.state === 'stalled' ? stalled.why : '', /answered the authorization request 400 without a redirect/);
    // A redirect back (success or error) brings the callback; anything the client sends afterwards reopens the flow.
    assert.equal(settlement(trace(unauthorized, { ...authorize, from: 'user-agent' }), s, topology).state, 'open');
    assert.equal(settlement(trace(unauthorized, refusedPage, unauthorized), s, topology).state, 'open');
  });

  it('is stalled once the user agent refused to open the authorization URL', () => {
    const refusedOpen: Step = { method: 'OPEN', url: 'javascript:alert(1)', status: 0, server: 'user-agent', role: 'user-agent', from: 'client' };
    assert.equal(settlement(trace(unauthorized, refusedOpen), scenario('authorization-url-not-http'), topology).state, 'stalled');
  });

  it('never decides a scenario that judges more than a monotone failure', () => {
    const s = scenario('step-up');
    const refused = authorized(403, 'insufficient_scope');
    const looping = trace(unauthorized, authorize, token, refused, authorize, authorize, authorize, authorize, authorize);
    assert.notEqual(settlement(looping, s, topology).state, 'decided');
  });
});
