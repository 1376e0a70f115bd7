import type { AuthorizationServerSpec, CheckId, ResourceServerSpec, Scenario } from '../types.js';

// DPoP (SEP-1932, RFC 9449), as the official suite's auth/dpop and auth/dpop-nonce: the authorization server advertises
// dpop_signing_alg_values_supported and binds tokens to the key of a token request's proof; the MCP server accepts
// them with Authorization: DPoP and a proof of that key. A client without DPoP gets bearer tokens (RFC 9449 §5 lets a
// server issue them), completes the flow, and every check skips: the scenario is reported not reached, never failed.

const ALL = ['2025-06-18', '2025-11-25', '2026-07-28'] as const;

const DPOP_CHECKS: CheckId[] = ['dpop-token-request-proof', 'dpop-auth-scheme', 'dpop-fresh-proof'];

function topology(requireNonce: boolean): Scenario['topology'] {
  const dpop = requireNonce ? { requireNonce: true } : {};
  const mcp: ResourceServerSpec = {
    id: 'mcp',
    mcpPath: '/mcp',
    challenge: { resourceMetadata: true },
    prm: { servedAt: ['path-inserted'], authorizationServers: ['as'] },
    dpop,
  };
  const as: AuthorizationServerSpec = {
    id: 'as',
    issuerPath: '',
    discovery: ['oauth-path-inserted'],
    endpoints: { authorization: '/oauth/authorize', token: '/oauth/token', registration: '/oauth/register' },
    tokenEndpointAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
    dpop,
  };
  return { resourceServers: [mcp], authorizationServers: [as] };
}

export const DPOP_SCENARIOS: Scenario[] = [
  {
    id: 'dpop',
    suite: 'extensions',
    description:
      'DPoP without server nonces (SEP-1932, RFC 9449; official auth/dpop): the authorization server advertises dpop_signing_alg_values_supported ' +
      'and binds the token to the key of the token request proof (token_type DPoP); the client presents it with Authorization: DPoP and a fresh ' +
      'proof on every request (jti, htm, htu, ath). A client without DPoP gets a bearer token and is skipped',
    specVersions: [...ALL],
    topology: topology(false),
    checks: DPOP_CHECKS,
  },
  {
    id: 'dpop-nonce',
    suite: 'extensions',
    description:
      'DPoP with server nonces (SEP-1932, RFC 9449 §8, §9; official auth/dpop-nonce): the token endpoint answers a proof without its nonce 400 ' +
      'use_dpop_nonce and the MCP server 401 WWW-Authenticate: DPoP error="use_dpop_nonce", each with a DPoP-Nonce; the client retries with the ' +
      'nonce of the server that issued it. A client without DPoP gets a bearer token and is skipped',
    specVersions: [...ALL],
    topology: topology(true),
    checks: [...DPOP_CHECKS, 'dpop-as-nonce', 'dpop-rs-nonce'],
  },
];
