// The negative discovery checks on synthetic traces: levels per revision, and a foreign document that was
// fetched but not used.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oktaOrgVsCustom } from '../../scenarios/catalogue/provider-shapes.js';
import { asmIssuerValidated, pkceSupportVerified } from '../../scenarios/checks/metadata-trust.js';
import type { Exchange, ResolvedTopology } from '../../scenarios/types.js';

const RS = 'http://localhost:4000';
const AS = 'http://127.0.0.1:5000';
const ISSUER = `${AS}/oauth2/default`;
const topology: ResolvedTopology = {
  resourceServers: [
    {
      id: 'mcp',
      origin: RS,
      mcpUrl: `${RS}/mcp`,
      prmUrls: [`${RS}/.well-known/oauth-protected-resource/mcp`],
      resource: `${RS}/mcp`,
      authorizationServers: ['okta'],
    },
  ],
  authorizationServers: [
    {
      id: 'okta',
      origin: AS,
      issuer: ISSUER,
      endpoints: { authorization: `${ISSUER}/v1/authorize`, token: `${ISSUER}/v1/token`, registration: `${AS}/oauth2/v1/clients` },
      metadataUrls: { 'oidc-appended': `${ISSUER}/.well-known/openid-configuration`, 'oauth-root': `${AS}/.well-known/oauth-authorization-server` },
    },
  ],
};

function exchange(seq: number, method: string, url: string, responseBody = '', status = 200): Exchange {
  return {
    seq,
    at: seq,
    server: 'okta',
    role: 'authorization-server',
    from: 'client',
    method,
    url,
    requestHeaders: {},
    requestBody: '',
    status,
    responseHeaders: { 'content-type': 'application/json' },
    responseBody,
  };
}

const orgDocument = JSON.stringify({ issuer: AS, authorization_endpoint: `${AS}/oauth2/v1/authorize`, token_endpoint: `${AS}/oauth2/v1/token` });
const customDocument = JSON.stringify({ issuer: ISSUER, authorization_endpoint: `${ISSUER}/v1/authorize`, token_endpoint: `${ISSUER}/v1/token` });

describe('metadata trust checks', () => {
  it('pkce-support-verified is not judged before 2025-11-25, and is a MUST from then on', () => {
    assert.equal(pkceSupportVerified.level('2025-06-18'), undefined);
    assert.equal(pkceSupportVerified.level('2025-11-25'), 'MUST');
    assert.equal(pkceSupportVerified.level('2026-07-28'), 'MUST');
  });

  it('asm-issuer-validated passes a client that fetched the org document but used only the custom server', () => {
    const trace = {
      exchanges: [
        exchange(1, 'GET', `${AS}/.well-known/oauth-authorization-server`, orgDocument),
        exchange(2, 'GET', `${ISSUER}/.well-known/openid-configuration`, customDocument),
        { ...exchange(3, 'GET', `${ISSUER}/v1/authorize?client_id=x`), from: 'user-agent' as const, status: 302 },
      ],
    };
    const outcome = asmIssuerValidated.run({ trace, topology, scenario: oktaOrgVsCustom, specVersion: '2026-07-28' });
    assert.equal(outcome.status, 'pass', outcome.message);
  });

  it('asm-issuer-validated fails a client that used the org document, naming the request', () => {
    const trace = {
      exchanges: [
        exchange(1, 'GET', `${AS}/.well-known/oauth-authorization-server`, orgDocument),
        { ...exchange(2, 'GET', `${AS}/oauth2/v1/authorize?client_id=x`), from: 'user-agent' as const, status: 404 },
      ],
    };
    const outcome = asmIssuerValidated.run({ trace, topology, scenario: oktaOrgVsCustom, specVersion: '2026-07-28' });
    assert.equal(outcome.status, 'fail');
    assert.match(
      outcome.message,
      /whose issuer "http:\/\/127\.0\.0\.1:5000" is not "http:\/\/127\.0\.0\.1:5000\/oauth2\/default".*the client sent GET http:\/\/127\.0\.0\.1:5000\/oauth2\/v1\/authorize\?client_id=x to the authorization server \(answered 404\)$/,
    );
  });
});
