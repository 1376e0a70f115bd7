import { plainAuthorizationServer, plainResourceServer } from '../providers/plain.js';
import { revisionsSince } from '../revision.js';
import type { AuthorizationServerSpec, CheckId, Scenario } from '../types.js';
import { CLIENT_METADATA_CHECKS, RESOURCE_CHECKS, CIMD_ONLY_AT_MOST_SHOULD } from './common.js';

// Scenarios the official conformance suite lacks and its users ask for (issue 20, item 2).

const FLOW: CheckId[] = ['pkce-s256', 'resource-parameter', 'redirect-uri', 'token-endpoint-auth-method', 'authorized-request', ...RESOURCE_CHECKS];

const server = (id: string, overrides: Partial<AuthorizationServerSpec> = {}): AuthorizationServerSpec =>
  plainAuthorizationServer(id, { tokenEndpointAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'], ...overrides });

/** Official conformance issue 437: Client ID Metadata Documents are the only way to a client ID. */
export const cimdWithoutRegistration: Scenario = {
  id: 'cimd-without-registration',
  suite: 'core',
  description:
    'The authorization server advertises client_id_metadata_document_supported and has no registration endpoint (official conformance issue 437): the client uses the URL of its metadata document as client_id',
  specVersions: revisionsSince('2025-11-25'),
  topology: {
    resourceServers: [plainResourceServer('mcp', ['as'])],
    authorizationServers: [server('as', { clientIdMetadataDocuments: true, endpoints: { authorization: '/oauth/authorize', token: '/oauth/token' } })],
  },
  // Discovery is judged too: a client that never reaches the authorization server's metadata fails for that, first.
  checks: ['prm-uses-header-url', 'asm-from-authorization-server', 'asm-well-known-order', 'registration-cimd', ...FLOW, ...CLIENT_METADATA_CHECKS],
  atMostShould: { 'authorized-request': CIMD_ONLY_AT_MOST_SHOULD },
};

const PRE_REGISTERED = {
  client_id: 'conformance-preregistered-client',
  client_secret: 'conformance-preregistered-secret',
  token_endpoint_auth_method: 'client_secret_basic',
};

/**
 * Pre-registered credentials and SEP-2352 together: they are for the first authorization server; after the first
 * authorized request the resource metadata names another, which does not know them but offers registration.
 */
export const preregisteredServerChanged: Scenario = {
  id: 'preregistered-authorization-server-changed',
  suite: 'security',
  description:
    'Pre-registered credentials (MCP_CONFORMANCE_CONTEXT) for the authorization server the resource names first; after the first authorized request it names another, which offers registration: the client re-registers there or stops with an error, and never presents the pre-registered credentials to it',
  specVersions: ['2026-07-28'],
  topology: {
    resourceServers: [plainResourceServer('mcp', ['as1'], { prm: { servedAt: ['path-inserted'], authorizationServers: ['as1'], migrateTo: ['as2'] } })],
    authorizationServers: [
      server('as1', {
        preRegisteredClients: [{ clientId: PRE_REGISTERED.client_id, clientSecret: PRE_REGISTERED.client_secret, method: 'client_secret_basic' }],
      }),
      server('as2'),
    ],
  },
  context: PRE_REGISTERED,
  checks: ['preregistered-credentials-bound', 'authorization-server-binding', 'pkce-s256', 'resource-parameter', 'redirect-uri', 'authorized-request'],
};

/**
 * A mix-up attack on the redirect URI: before the genuine authorization response, one carrying error=access_denied
 * with the state the client sent and another server's iss. 2026-07-28 (Authorization Response Validation): "on
 * mismatch the client MUST NOT act on or display error, error_description, or error_uri".
 */
export const issMismatchedError: Scenario = {
  id: 'iss-mismatched-error',
  suite: 'security',
  description:
    "Before the genuine authorization response, the redirect URI receives error=access_denied with the client's state and another server's iss: the client neither shows nor acts on it, and goes on with the genuine response",
  specVersions: ['2026-07-28'],
  topology: { resourceServers: [plainResourceServer('mcp', ['as'])], authorizationServers: [server('as', { authorizationResponseIss: 'correct' })] },
  userAgent: { mismatchedErrorFirst: true },
  checks: ['iss-error-not-displayed', 'iss-error-not-acted-on', 'iss-validated', 'state-present', ...FLOW],
  atMostShould: {
    'authorized-request':
      'RFC 9207 §2.4 lets a client that meets a mismatched iss give up the grant; completing the flow after the forged error is what iss-error-not-acted-on asks, at SHOULD',
  },
};

export const OFFICIAL_GAP_SCENARIOS: readonly Scenario[] = [cimdWithoutRegistration, preregisteredServerChanged, issMismatchedError];
