import { plainAuthorizationServer, plainResourceServer } from '../providers/plain.js';
import { SPEC_VERSIONS, type AuthorizationServerSpec, type Scenario, type TokenResponseShape } from '../types.js';
import { FLOW_CHECKS } from './common.js';

// Token responses as real authorization servers send them, each within what RFC 6749 §5.1 allows: the flow must
// complete (authorized-request) and the client must use the token it was given (token-response-accepted). The MCP
// server's resource metadata lists a scope, so a client requests one and the server's answer can leave it out.

const SCOPE = 'mcp:tools';

const tokenAnswer = (id: string, description: string, tokenResponse: TokenResponseShape, overrides: Partial<AuthorizationServerSpec> = {}): Scenario => ({
  id,
  suite: 'providers',
  description,
  specVersions: [...SPEC_VERSIONS],
  topology: {
    resourceServers: [plainResourceServer('mcp', ['as'], { prm: { servedAt: ['path-inserted'], authorizationServers: ['as'], scopesSupported: [SCOPE] } })],
    authorizationServers: [plainAuthorizationServer('as', { scopesSupported: [SCOPE], tokenResponse, ...overrides })],
  },
  // Without a refresh token, a client that assumed one (refreshes anyway, or never uses the access token) is judged too.
  checks: [
    'prm-uses-header-url',
    'token-response-accepted',
    ...(tokenResponse.omit?.includes('refresh_token') ? ['refresh-token-not-assumed' as const] : []),
    ...FLOW_CHECKS,
  ],
});

export const TOKEN_ANSWER_SCENARIOS: readonly Scenario[] = [
  tokenAnswer(
    'token-type-lowercase',
    'The token response says token_type "bearer" in lower case, as GitHub\'s token endpoint does (RFC 6749 §5.1: the value is case-insensitive); the client sends Authorization: Bearer all the same',
    { tokenType: 'bearer' },
  ),
  tokenAnswer(
    'token-response-without-scope',
    'The token response has no scope member although the client requested one (RFC 6749 §5.1: optional when the scope granted is the one requested; no provider of the survey is recorded doing it, the RFC allows any to)',
    { omit: ['scope'] },
  ),
  tokenAnswer(
    'token-response-without-refresh-token',
    'The token response has no refresh_token, as Google without access_type=offline and GitHub OAuth apps answer (RFC 6749 §5.1: optional): the client uses the access token and assumes no refresh',
    { omit: ['refresh_token'] },
  ),
  tokenAnswer(
    'token-response-without-expires-in',
    "The token response has no expires_in, as GitHub OAuth apps' non-expiring tokens come (RFC 6749 §5.1: only recommended)",
    { omit: ['expires_in'] },
  ),
  tokenAnswer(
    'token-response-extra-members',
    'The token response carries members beside the standard ones, as Microsoft Entra ID (ext_expires_in) and GitHub Apps (refresh_token_expires_in) add, and an object-valued one; RFC 6749 §5.1: the client MUST ignore unrecognized value names',
    { extra: { ext_expires_in: 7200, refresh_token_expires_in: 15_897_600, provider_trace: { region: 'eu', request: 'r-1' } } },
  ),
  {
    id: 'issuer-path-trailing-slash',
    suite: 'providers',
    description:
      'The issuer is a path with a terminating "/" (/oauth2/), alike in the resource metadata and the authorization server metadata, as Ory Hydra 1.x and servers configured so publish it (openai/codex#37373 and rust-sdk#1144 lost the "/"): RFC 8414 §3.1 drops it to build the well-known URL, §3.3 compares the issuer as written',
    specVersions: [...SPEC_VERSIONS],
    topology: {
      resourceServers: [plainResourceServer('mcp', ['as'])],
      authorizationServers: [
        plainAuthorizationServer('as', {
          issuerPath: '/oauth2/',
          endpoints: { authorization: '/oauth2/auth', token: '/oauth2/token', registration: '/oauth2/register' },
        }),
      ],
    },
    checks: ['prm-uses-header-url', ...FLOW_CHECKS],
  },
];
