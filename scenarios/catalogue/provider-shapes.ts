import { auth0Tenant } from '../providers/auth0.js';
import { entraTenant } from '../providers/entra.js';
import { googleAccounts } from '../providers/google.js';
import { keycloakRealm } from '../providers/keycloak.js';
import { oktaCustomServer } from '../providers/okta.js';
import { plainAuthorizationServer, plainResourceServer } from '../providers/plain.js';
import { revisionsSince } from '../revision.js';
import { SPEC_VERSIONS, type Scenario } from '../types.js';
import { FLOW_CHECKS } from './common.js';

// Discovery as real hosts and identity providers shape it. Each scenario runs the whole flow, so a client
// that finds the metadata by the rules reaches an authorized MCP request.

const ALL = [...SPEC_VERSIONS];
/**
 * Shapes that only 2025-11-25 made a client's job: a 401 without resource_metadata (a 2025-06-18 server MUST send
 * it, so probing well-known URLs was not required) and metadata only through OpenID Connect Discovery (2025-06-18
 * requires RFC 8414 alone). A 2025-06-18 client sees them as previews of 2025-11-25.
 */
const SINCE_2025_11 = revisionsSince('2025-11-25');

/** PRM only at the root; the path-inserted URL answers 404 (PRM-2, 2025-11-25 root fallback). */
export const prmRootFallback: Scenario = {
  id: 'prm-root-fallback',
  suite: 'core',
  description: 'MCP server at a path, no resource_metadata in the 401, PRM only at the root well-known URL (PRM-2)',
  specVersions: SINCE_2025_11,
  topology: {
    resourceServers: [
      plainResourceServer('mcp', ['as'], {
        mcpPath: '/v1/mcp',
        challenge: { resourceMetadata: false },
        prm: { servedAt: ['root'], authorizationServers: ['as'] },
      }),
    ],
    authorizationServers: [plainAuthorizationServer('as')],
  },
  checks: ['prm-well-known-order', 'prm-resource-validated', ...FLOW_CHECKS],
};

/**
 * Root-only PRM whose resource is the origin, as Cloudflare, Slack and Linear publish it (PRM-4 read as the
 * TypeScript SDK and the official suite read it: the origin is accepted, and it is the resource to send).
 */
export const prmRootOriginResource: Scenario = {
  id: 'prm-root-origin-resource',
  suite: 'core',
  description: 'Root-only PRM whose resource is the origin of the MCP server, not its URL (accepted; see docs/decisions.md)',
  specVersions: SINCE_2025_11,
  topology: {
    resourceServers: [
      plainResourceServer('mcp', ['as'], {
        challenge: { resourceMetadata: false },
        prm: { servedAt: ['root'], authorizationServers: ['as'], resource: 'origin' },
      }),
    ],
    authorizationServers: [plainAuthorizationServer('as')],
  },
  checks: ['prm-well-known-order', 'prm-resource-validated', ...FLOW_CHECKS],
};

/** Two authorization servers listed; the client may pick either, and must use only listed ones (ASM-1). */
export const severalAuthorizationServers: Scenario = {
  id: 'several-authorization-servers',
  suite: 'core',
  description: 'PRM lists two authorization servers on different origins',
  specVersions: ALL,
  topology: {
    resourceServers: [plainResourceServer('mcp', ['primary', 'secondary'])],
    authorizationServers: [
      plainAuthorizationServer('primary'),
      plainAuthorizationServer('secondary', { endpoints: { authorization: '/authz', token: '/tok', registration: '/reg' } }),
    ],
  },
  checks: ['prm-uses-header-url', ...FLOW_CHECKS],
};

export const googleOidcRoot: Scenario = {
  id: 'google-oidc-root',
  suite: 'providers',
  description: 'Google-like authorization server: only OIDC Discovery at the root answers, RFC 8414 gives 404',
  specVersions: SINCE_2025_11,
  topology: { resourceServers: [plainResourceServer('mcp', ['google'])], authorizationServers: [googleAccounts()] },
  checks: ['prm-uses-header-url', ...FLOW_CHECKS],
};

export const keycloakRealmAppended: Scenario = {
  id: 'keycloak-realm',
  suite: 'providers',
  description: 'Keycloak-like realm issuer /realms/mcp; metadata only at the OIDC appended URL',
  specVersions: SINCE_2025_11,
  topology: { resourceServers: [plainResourceServer('mcp', ['keycloak'])], authorizationServers: [keycloakRealm()] },
  checks: ['prm-uses-header-url', ...FLOW_CHECKS],
};

export const entraTenantAppended: Scenario = {
  id: 'entra-v2-tenant',
  suite: 'providers',
  description: 'Entra-like issuer /{tenant}/v2.0; metadata only at the OIDC appended URL',
  specVersions: SINCE_2025_11,
  topology: { resourceServers: [plainResourceServer('mcp', ['entra'])], authorizationServers: [entraTenant()] },
  checks: ['prm-uses-header-url', ...FLOW_CHECKS],
};

/** A client that strips the issuer's path finds the org server's document and must not use it. */
export const oktaOrgVsCustom: Scenario = {
  id: 'okta-org-vs-custom',
  suite: 'providers',
  description: "Okta custom authorization server /oauth2/default (OIDC appended only); the origin's root RFC 8414 URL answers with the org server's document",
  specVersions: SINCE_2025_11,
  topology: { resourceServers: [plainResourceServer('mcp', ['okta'])], authorizationServers: [oktaCustomServer()] },
  checks: ['prm-uses-header-url', 'asm-issuer-validated', ...FLOW_CHECKS],
};

export const auth0OidcOnly: Scenario = {
  id: 'auth0-oidc-only',
  suite: 'providers',
  description: 'Auth0-like issuer with a trailing "/", where only openid-configuration answers',
  specVersions: SINCE_2025_11,
  topology: { resourceServers: [plainResourceServer('mcp', ['auth0'])], authorizationServers: [auth0Tenant('auth0', { oidcOnly: true })] },
  checks: ['prm-uses-header-url', ...FLOW_CHECKS],
};

/** Well-known URLs the hosts do not serve answer with a page instead of 404: the client moves to the next URL. */
function wellKnownAnswering(kind: 'html' | 'redirect'): Scenario {
  const what = kind === 'html' ? 'an HTML page (200)' : 'a 302 to an HTML login page';
  return {
    id: `well-known-${kind}`,
    suite: 'interop',
    description: `Unserved well-known URLs answer ${what}; PRM only at the root, metadata only at openid-configuration`,
    specVersions: SINCE_2025_11,
    topology: {
      resourceServers: [
        plainResourceServer('mcp', ['as'], {
          challenge: { resourceMetadata: false },
          prm: { servedAt: ['root'], authorizationServers: ['as'] },
          otherWellKnown: kind,
        }),
      ],
      authorizationServers: [plainAuthorizationServer('as', { discovery: ['oidc-path-inserted'], otherWellKnown: kind })],
    },
    checks: ['prm-well-known-order', ...FLOW_CHECKS],
  };
}

export const PROVIDER_SHAPE_SCENARIOS: readonly Scenario[] = [
  prmRootFallback,
  prmRootOriginResource,
  severalAuthorizationServers,
  googleOidcRoot,
  keycloakRealmAppended,
  entraTenantAppended,
  oktaOrgVsCustom,
  auth0OidcOnly,
  wellKnownAnswering('html'),
  wellKnownAnswering('redirect'),
];
