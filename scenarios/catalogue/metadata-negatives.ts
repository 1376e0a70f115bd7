import { entraTenant } from '../providers/entra.js';
import { plainAuthorizationServer, plainResourceServer } from '../providers/plain.js';
import { SPEC_VERSIONS, type Scenario } from '../types.js';

// Security negatives: the client is handed a document it must not use. It is expected to stop, so the flow
// checks are left out; each negative check also demands that the client got as far as the document.

const ALL = [...SPEC_VERSIONS];

export const metadataIssuerMismatch: Scenario = {
  id: 'metadata-issuer-mismatch',
  suite: 'security',
  description: 'Authorization server metadata states an issuer other than the one the PRM names (RFC 8414 §3.3)',
  specVersions: ALL,
  topology: {
    resourceServers: [plainResourceServer('mcp', ['as'])],
    authorizationServers: [plainAuthorizationServer('as', { advertisedIssuerPath: '/another-tenant' })],
  },
  checks: ['asm-from-authorization-server', 'asm-issuer-validated'],
};

export const prmResourceMismatch: Scenario = {
  id: 'prm-resource-mismatch',
  suite: 'security',
  description: 'Protected resource metadata whose resource is another server (RFC 9728 §3.3)',
  specVersions: ALL,
  topology: {
    resourceServers: [
      plainResourceServer('mcp', ['as'], {
        prm: { servedAt: ['path-inserted'], authorizationServers: ['as'], resource: { literal: 'https://other-mcp.example.com/mcp' } },
      }),
    ],
    authorizationServers: [plainAuthorizationServer('as')],
  },
  checks: ['prm-uses-header-url', 'prm-resource-validated'],
};

/** Entra's real metadata shape: no code_challenge_methods_supported. A MUST refusal from 2025-11-25. */
export const pkceMethodsMissing: Scenario = {
  id: 'pkce-methods-missing',
  suite: 'security',
  description: 'Authorization server metadata without code_challenge_methods_supported, as Entra ID publishes it',
  specVersions: ['2025-11-25', '2026-07-28'],
  topology: { resourceServers: [plainResourceServer('mcp', ['entra'])], authorizationServers: [entraTenant('entra', { faithful: true })] },
  checks: ['asm-from-authorization-server', 'asm-well-known-order', 'pkce-support-verified'],
};

export const authorizationUrlNotHttp: Scenario = {
  id: 'authorization-url-not-http',
  suite: 'security',
  description: 'The metadata names a javascript: authorization_endpoint; the client must not open it',
  specVersions: ALL,
  topology: {
    resourceServers: [plainResourceServer('mcp', ['as'])],
    authorizationServers: [
      plainAuthorizationServer('as', {
        endpoints: { authorization: 'javascript:alert(document.domain)//', token: '/oauth/token', registration: '/oauth/register' },
      }),
    ],
  },
  checks: ['asm-from-authorization-server', 'authorization-url-scheme'],
};

/** Two MCP servers, each with its own authorization server: a token from one must never reach the other. */
export const tokenForOtherServer: Scenario = {
  id: 'token-isolation',
  suite: 'security',
  description: 'Two MCP servers with two authorization servers; every MCP URL is in MCP_CONFORMANCE_MCP_URLS',
  specVersions: ALL,
  topology: {
    resourceServers: [plainResourceServer('mcp-a', ['as-a']), plainResourceServer('mcp-b', ['as-b'], { mcpPath: '/b/mcp' })],
    authorizationServers: [plainAuthorizationServer('as-a'), plainAuthorizationServer('as-b')],
  },
  checks: ['authorized-request', 'token-not-sent-elsewhere'],
};

export const METADATA_NEGATIVE_SCENARIOS: readonly Scenario[] = [
  metadataIssuerMismatch,
  prmResourceMismatch,
  pkceMethodsMissing,
  authorizationUrlNotHttp,
  tokenForOtherServer,
];
