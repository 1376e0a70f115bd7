import { revisionsSince } from '../revision.js';
import type { AuthorizationServerSpec, CheckId, ResourceServerSpec, Scenario, TokenEndpointAuthMethod } from '../types.js';
import { CLIENT_METADATA_CHECKS, RESOURCE_CHECKS } from './common.js';

// Registration approaches, the authorization response, step-up, expiry and refresh: one small topology each,
// an MCP server at /mcp whose 401 names its metadata, and one authorization server on another origin.

const ALL = ['2025-06-18', '2025-11-25', '2026-07-28'] as const;
const SINCE_2025_11 = revisionsSince('2025-11-25');

function mcp(overrides: Partial<ResourceServerSpec> = {}, prm: Partial<NonNullable<ResourceServerSpec['prm']>> = {}): ResourceServerSpec {
  return {
    id: 'mcp',
    mcpPath: '/mcp',
    challenge: { resourceMetadata: true },
    prm: { servedAt: ['path-inserted'], authorizationServers: ['as'], ...prm },
    ...overrides,
  };
}

function as(overrides: Partial<AuthorizationServerSpec> = {}): AuthorizationServerSpec {
  return {
    id: 'as',
    issuerPath: '',
    discovery: ['oauth-path-inserted'],
    endpoints: { authorization: '/oauth/authorize', token: '/oauth/token', registration: '/oauth/register' },
    tokenEndpointAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
    ...overrides,
  };
}

const FLOW: CheckId[] = [
  'pkce-s256',
  'resource-parameter',
  'redirect-uri',
  'token-endpoint-auth-method',
  'authorized-request',
  ...RESOURCE_CHECKS,
  ...CLIENT_METADATA_CHECKS,
];

/**
 * The server supports one token endpoint auth method and assigns it to every registration (RFC 7591 §3.2.1: it "MAY
 * reject or replace any of the client's requested metadata values"), as the official token-endpoint-auth scenarios
 * and real servers do: asking for another method is no mistake, ignoring the one the response assigned is.
 */
function dcr(method: TokenEndpointAuthMethod): Scenario {
  const secret = method === 'none' ? 'no client_secret' : 'a client_secret';
  return {
    id: `dcr-${method.replace(/_/g, '-')}`,
    suite: 'core',
    description:
      `Dynamic registration where the authorization server supports only token_endpoint_auth_method ${method} and assigns it to every ` +
      `registration (RFC 7591 §3.2.1), with ${secret}: the client authenticates with it, whatever it asked for`,
    specVersions: [...ALL],
    topology: { resourceServers: [mcp()], authorizationServers: [as({ tokenEndpointAuthMethods: [method] })] },
    checks: ['registration-dcr', 'asm-endpoints-from-metadata', ...FLOW],
  };
}

/** The stricter-than-required shape: an unsupported method is refused, not replaced (interop: the spec says nothing of a retry). */
const dcrUnsupportedMethodRefused: Scenario = {
  id: 'dcr-unsupported-method-refused',
  suite: 'interop',
  description:
    'A stricter server than RFC 7591 requires: it supports only client_secret_basic and refuses a registration asking for none (400 ' +
    'invalid_client_metadata) instead of assigning it; a client may register again with a method of token_endpoint_auth_methods_supported',
  specVersions: [...ALL],
  topology: {
    resourceServers: [mcp()],
    authorizationServers: [as({ tokenEndpointAuthMethods: ['client_secret_basic'], registrationPolicy: 'refuse-unsupported-method' })],
  },
  checks: ['registration-method-retry', 'asm-endpoints-from-metadata', 'token-endpoint-auth-method'],
};

const PRE_REGISTERED = {
  client_id: 'conformance-preregistered-client',
  client_secret: 'conformance-preregistered-secret',
  token_endpoint_auth_method: 'client_secret_basic',
};

const refusedRegistration = (id: string, description: string, refusal: NonNullable<AuthorizationServerSpec['registrationRefused']>): Scenario => ({
  id,
  suite: 'providers',
  description,
  specVersions: [...ALL],
  topology: { resourceServers: [mcp()], authorizationServers: [as({ registrationRefused: refusal })] },
  checks: ['asm-endpoints-from-metadata', 'token-endpoint-auth-method'],
});

const ISS_SENT = {
  correct: 'its issuer',
  missing: 'none',
  wrong: "another server's issuer",
  normalized: 'its issuer with a terminating "/" (equal only after normalization)',
};
const issScenario = (mode: 'correct' | 'missing' | 'wrong' | 'normalized' | 'unadvertised-wrong'): Scenario => ({
  id: `iss-${mode}`,
  suite: mode === 'correct' ? 'core' : 'security',
  description:
    mode === 'unadvertised-wrong'
      ? "RFC 9207: the authorization server does not advertise iss, yet sends another server's issuer in the authorization response"
      : `RFC 9207: the authorization server advertises iss in the authorization response and sends ${ISS_SENT[mode]}`,
  specVersions: ['2026-07-28'],
  topology: { resourceServers: [mcp()], authorizationServers: [as({ authorizationResponseIss: mode })] },
  checks: mode === 'correct' ? ['iss-validated', ...FLOW] : ['iss-validated'],
});

export const REGISTRATION_AND_TOKEN_SCENARIOS: Scenario[] = [
  dcr('none'),
  dcr('client_secret_basic'),
  dcr('client_secret_post'),
  dcrUnsupportedMethodRefused,
  {
    id: 'preregistered',
    suite: 'core',
    description: 'Pre-registered credentials (client_secret_basic) through MCP_CONFORMANCE_CONTEXT; the server also offers registration',
    specVersions: [...ALL],
    topology: {
      resourceServers: [mcp()],
      authorizationServers: [
        as({ preRegisteredClients: [{ clientId: PRE_REGISTERED.client_id, clientSecret: PRE_REGISTERED.client_secret, method: 'client_secret_basic' }] }),
      ],
    },
    context: PRE_REGISTERED,
    checks: ['registration-preregistered', ...FLOW],
  },
  {
    id: 'cimd',
    suite: 'core',
    description: 'The authorization server advertises client_id_metadata_document_supported (and offers registration too)',
    specVersions: [...SINCE_2025_11],
    topology: { resourceServers: [mcp()], authorizationServers: [as({ clientIdMetadataDocuments: true })] },
    checks: ['registration-cimd', 'cimd-client-name', ...FLOW],
  },
  {
    id: 'no-registration-endpoint',
    suite: 'core',
    description: 'No registration endpoint, no client ID metadata documents, no credentials: the client must stop with an error, not invent /register',
    specVersions: [...ALL],
    topology: { resourceServers: [mcp()], authorizationServers: [as({ endpoints: { authorization: '/oauth/authorize', token: '/oauth/token' } })] },
    checks: ['asm-endpoints-from-metadata', 'registration-dcr'],
    rightStopAfter: 'authorization-server-metadata',
  },
  refusedRegistration('registration-refused-auth0', 'registration_endpoint advertised but refused, as Auth0 with dynamic registration off', {
    status: 403,
    error: 'access_denied',
    description: 'dynamic client registration is disabled for this tenant',
  }),
  refusedRegistration('registration-refused-keycloak', "registration refused by Keycloak's Trusted Hosts policy", {
    status: 403,
    error: 'insufficient_scope',
    description: "Policy 'Trusted Hosts' rejected request to client-registration service. Details: Host not trusted.",
  }),
  {
    id: 'scope-omitted',
    suite: 'core',
    description: 'Neither the 401 challenge nor the resource metadata names a scope: the client requests none',
    specVersions: [...SINCE_2025_11],
    topology: { resourceServers: [mcp()], authorizationServers: [as({ scopesSupported: ['openid', 'mcp:tools'] })] },
    checks: ['scope-selection', ...FLOW],
  },
  {
    id: 'forged-callback',
    suite: 'security',
    description: 'Before the real authorization response, the redirect URI receives one with a forged code and a state the client never sent',
    specVersions: [...ALL],
    topology: { resourceServers: [mcp()], authorizationServers: [as()] },
    userAgent: { forgedCallbackFirst: true },
    checks: ['state-validated', 'state-present', ...FLOW],
    atMostShould: {
      'authorized-request':
        'the specification requires discarding the forged callback (state-validated), not completing the flow after it: a client that gives up once attacked is safe',
    },
  },
  issScenario('correct'),
  issScenario('missing'),
  issScenario('wrong'),
  issScenario('normalized'),
  issScenario('unadvertised-wrong'),
  {
    id: 'step-up',
    suite: 'core',
    description: 'tools/call needs mcp:write; the first token has mcp:read (the challenge scope), so the call gets 403 insufficient_scope',
    specVersions: [...SINCE_2025_11],
    topology: {
      resourceServers: [
        mcp(
          { challenge: { resourceMetadata: true, scope: 'mcp:read' }, requiredScopes: { 'tools/call': 'mcp:write' } },
          { scopesSupported: ['mcp:read', 'mcp:write'] },
        ),
      ],
      authorizationServers: [as({ scopesSupported: ['mcp:read', 'mcp:write'] })],
    },
    checks: ['step-up', 'step-up-retry-limit', 'pkce-fresh-verifier', ...FLOW],
  },
  {
    // Clients that ask for every advertised scope up front never meet step-up's 403 above: here the scope tools/call
    // needs is not in the resource metadata, only in the 403 challenge (a server whose write scope is granted on demand).
    id: 'step-up-unadvertised-scope',
    suite: 'core',
    description:
      'tools/call needs mcp:write, which the resource metadata does not list (scopes_supported: mcp:read): only the 403 insufficient_scope challenge names it',
    specVersions: [...SINCE_2025_11],
    topology: {
      resourceServers: [
        mcp({ challenge: { resourceMetadata: true, scope: 'mcp:read' }, requiredScopes: { 'tools/call': 'mcp:write' } }, { scopesSupported: ['mcp:read'] }),
      ],
      authorizationServers: [as({ scopesSupported: ['mcp:read', 'mcp:write'] })],
    },
    checks: ['step-up', 'step-up-retry-limit', 'pkce-fresh-verifier', ...FLOW],
  },
  {
    id: 'step-up-never-enough',
    suite: 'core',
    description: 'Every authorized call gets 403 insufficient_scope for a scope the server never grants: the client must stop after a few tries',
    specVersions: [...SINCE_2025_11],
    topology: {
      resourceServers: [mcp({ requiredScopes: { '*': 'mcp:never' } }, { scopesSupported: ['mcp:read'] })],
      authorizationServers: [as({ scopesSupported: ['mcp:read'] })],
    },
    checks: ['step-up-retry-limit'],
  },
  {
    id: 'invalid-token-loop',
    suite: 'core',
    description: 'Every token is refused 401 invalid_token after authorization: the client must stop after a few refreshes or re-authorizations',
    specVersions: [...ALL],
    topology: { resourceServers: [mcp({ rejectEveryToken: true })], authorizationServers: [as()] },
    checks: ['invalid-token-retry-limit'],
  },
  {
    id: 'token-expiry-refresh',
    suite: 'core',
    description: 'Every access token expires after one request to the MCP server; refresh tokens rotate on every use',
    specVersions: [...ALL],
    topology: { resourceServers: [mcp()], authorizationServers: [as({ accessTokenUses: 1 })] },
    checks: ['refresh-token', ...FLOW],
  },
  {
    id: 'offline-access-listed',
    suite: 'core',
    description: 'The authorization server lists offline_access in scopes_supported: the client may request it',
    specVersions: ['2026-07-28'],
    topology: {
      resourceServers: [mcp({}, { scopesSupported: ['mcp:tools'] })],
      authorizationServers: [as({ scopesSupported: ['mcp:tools', 'offline_access'] })],
    },
    checks: ['offline-access', ...FLOW],
  },
  {
    id: 'offline-access-unlisted',
    suite: 'core',
    description: 'The authorization server does not list offline_access: the client must not request it',
    specVersions: ['2026-07-28'],
    topology: { resourceServers: [mcp({}, { scopesSupported: ['mcp:tools'] })], authorizationServers: [as({ scopesSupported: ['mcp:tools'] })] },
    checks: ['offline-access', ...FLOW],
  },
];
