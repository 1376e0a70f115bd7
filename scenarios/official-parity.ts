// Which scenarios of this catalogue stand for each client auth scenario of the official MCP conformance suite
// (@modelcontextprotocol/conformance 0.1.16 and the 0.2.0-alpha line, git c321dd3). Data only: docs/official-suite-parity.md
// is generated from it, and a test fails when a scenario named here no longer exists.

export interface OfficialScenario {
  /** The official scenario name, as `--scenario` takes it. */
  official: string;
  /** First release line that has it. */
  since: '0.1.16' | '0.2.0';
  /** The official suite it belongs to (0.2.0 grouping). */
  suite: 'auth' | 'backcompat' | 'draft' | 'extensions';
  /** Equivalent scenarios here; empty when there is none (then `gap` or `outOfScope` says why). */
  ours: string[];
  /** What the official one tests, and how ours compares. */
  note: string;
  /** Not covered yet, with what is missing. */
  gap?: string;
  /** Deliberately not covered, with the reason. */
  outOfScope?: string;
}

export const OFFICIAL_CLIENT_AUTH_SCENARIOS: OfficialScenario[] = [
  {
    official: 'auth/metadata-default', since: '0.1.16', suite: 'auth', ours: ['dcr-none', 'split-auth0'],
    note: 'PRM path-inserted and named in the 401; RFC 8414 metadata at the origin. Ours also checks the probe order and that no other URL is tried (the official one only traps the root PRM).',
  },
  {
    official: 'auth/metadata-var1', since: '0.1.16', suite: 'auth', ours: ['path-suffixed', 'google-oidc-root'],
    note: 'PRM not named in the 401 (path-inserted probe); metadata only at openid-configuration. Ours split the two halves, each at a realistic shape.',
  },
  {
    official: 'auth/metadata-var2', since: '0.1.16', suite: 'auth', ours: ['prm-root-fallback', 'prm-root-origin-resource', 'okta-path-issuer'],
    note: 'Root-only PRM whose resource is the origin; path issuer /tenant1 at the RFC 8414 path-inserted URL. The origin resource is accepted (docs/decisions.md).',
  },
  {
    official: 'auth/metadata-var3', since: '0.1.16', suite: 'auth', ours: ['www-authenticate-only', 'keycloak-realm', 'entra-v2-tenant'],
    note: 'PRM at a custom URL only the 401 names; metadata only at {issuer}/.well-known/openid-configuration.',
  },
  {
    official: 'auth/basic-cimd', since: '0.1.16', suite: 'auth', ours: ['cimd'],
    note: 'The official suite only compares client_id with a fixed URL and never fetches it; ours accepts any well-formed https client_id and fetches the document when it is on loopback, judging its client_id and redirect_uris.',
  },
  {
    official: 'auth/scope-from-www-authenticate', since: '0.1.16', suite: 'auth', ours: ['www-authenticate-only'],
    note: 'scope-selection: the challenge scope is requested.',
  },
  {
    official: 'auth/scope-from-scopes-supported', since: '0.1.16', suite: 'auth', ours: ['path-suffixed'],
    note: 'scope-selection: every PRM scopes_supported is requested.',
  },
  {
    official: 'auth/scope-omitted-when-undefined', since: '0.1.16', suite: 'auth', ours: ['scope-omitted'],
    note: 'scope-selection: no scope parameter when nothing defines one.',
  },
  {
    official: 'auth/scope-step-up', since: '0.1.16', suite: 'auth', ours: ['step-up'],
    note: '403 insufficient_scope on tools/call; re-authorization with the challenged scope (the union of scopes at 2026-07-28) and a retry.',
  },
  {
    official: 'auth/scope-retry-limit', since: '0.1.16', suite: 'auth', ours: ['step-up-never-enough'],
    note: 'Every authorized call gets 403; 1 to 3 re-authorizations pass, more fail.',
  },
  {
    official: 'auth/token-endpoint-auth-basic', since: '0.1.16', suite: 'auth', ours: ['dcr-client-secret-basic', 'dcr-unsupported-method-refused'],
    note: 'The server registers any request and returns client_secret_basic with a secret (RFC 7591 §3.2.1), as the official one does; token-endpoint-auth-method and resource-parameter, as the official checks. Ours also requires the issued credentials, form-encoded, and one method per request. dcr-unsupported-method-refused (interop) plays a stricter server that refuses none with invalid_client_metadata.',
  },
  {
    official: 'auth/token-endpoint-auth-post', since: '0.1.16', suite: 'auth', ours: ['dcr-client-secret-post'],
    note: 'The server registers any request and returns client_secret_post with a secret (RFC 7591 §3.2.1), as the official one does; token-endpoint-auth-method and resource-parameter, as the official checks.',
  },
  {
    official: 'auth/token-endpoint-auth-none', since: '0.1.16', suite: 'auth', ours: ['dcr-none'],
    note: 'The server registers any request as a public client (none, no secret), as the official one does; token-endpoint-auth-method and resource-parameter, as the official checks.',
  },
  {
    official: 'auth/pre-registration', since: '0.1.16', suite: 'auth', ours: ['preregistered'],
    note: 'Credentials through MCP_CONFORMANCE_CONTEXT, the same variable and JSON shape; ours also offers registration, so a client that registers anyway is caught.',
  },
  {
    official: 'auth/2025-03-26-oauth-metadata-backcompat', since: '0.1.16', suite: 'backcompat', ours: ['legacy-2025-03-26'],
    note: 'No PRM; AS metadata at the MCP origin root (2025-03-26 rules). Optional: legacy-discovery judges it at SHOULD.',
  },
  {
    official: 'auth/2025-03-26-oauth-endpoint-fallback', since: '0.1.16', suite: 'backcompat', ours: ['legacy-default-endpoints'],
    note: 'No PRM and no metadata; /authorize, /token, /register at the MCP origin. Optional: legacy-discovery judges it at SHOULD.',
  },
  {
    official: 'auth/resource-mismatch', since: '0.1.16', suite: 'draft', ours: ['prm-resource-mismatch'],
    note: 'PRM resource names another server. The official verdict is "no authorization request" (a crashing client passed until PR #483); ours requires that the client fetched the document (a client that stops earlier fails) and then sent no authorization or token request.',
  },
  {
    official: 'auth/offline-access-scope', since: '0.1.16', suite: 'draft', ours: ['offline-access-listed'],
    note: 'The AS lists offline_access: the client may request it (SCP-2).',
  },
  {
    official: 'auth/offline-access-not-supported', since: '0.1.16', suite: 'draft', ours: ['offline-access-unlisted'],
    note: 'The AS does not list offline_access: the client must not request it.',
  },
  {
    official: 'auth/authorization-server-migration', since: '0.2.0', suite: 'draft', ours: ['authorization-server-migration'],
    note: 'Within one run, the PRM switches from AS1 to AS2 after the first authorized call and AS1 tokens get 401: the client re-registers at AS2 and never sends AS1 credentials there (SEP-2352). Ours also fails a client that sends AS1 refresh tokens or secrets to AS2, and requires an accepted request with an AS2 token.',
  },
  {
    official: 'auth/iss-supported', since: '0.2.0', suite: 'draft', ours: ['iss-correct'],
    note: 'RFC 9207 iss advertised and correct: the client proceeds.',
  },
  {
    official: 'auth/iss-not-advertised', since: '0.2.0', suite: 'draft', ours: ['split-auth0', 'dcr-none'],
    note: 'No iss advertised or sent: every scenario without authorizationResponseIss plays this, and authorized-request fails a client that insists on iss.',
  },
  {
    official: 'auth/iss-supported-missing', since: '0.2.0', suite: 'draft', ours: ['iss-missing'],
    note: 'iss advertised but absent: the code must not be redeemed.',
  },
  {
    official: 'auth/iss-wrong-issuer', since: '0.2.0', suite: 'draft', ours: ['iss-wrong'],
    note: "iss names another issuer: the code must not be redeemed.",
  },
  {
    official: 'auth/iss-unexpected', since: '0.2.0', suite: 'draft', ours: ['iss-unadvertised-wrong'],
    note: 'iss not advertised, yet sent with a wrong value: the client still compares it and refuses.',
  },
  {
    official: 'auth/iss-normalized', since: '0.2.0', suite: 'draft', ours: ['iss-normalized'],
    note: 'iss equal to the issuer only after URL normalization (a terminating "/"): a plain string comparison refuses it.',
  },
  {
    official: 'auth/metadata-issuer-mismatch', since: '0.2.0', suite: 'draft', ours: ['metadata-issuer-mismatch'],
    note: 'Metadata issuer differs from the issuer the URL was built from: the document must not be used.',
  },
  {
    official: 'auth/client-credentials-jwt', since: '0.1.16', suite: 'extensions', ours: [],
    note: 'client_credentials grant with private_key_jwt.',
    outOfScope: 'machine-to-machine extension, not the user-facing authorization code flow this harness judges',
  },
  {
    official: 'auth/client-credentials-basic', since: '0.1.16', suite: 'extensions', ours: [],
    note: 'client_credentials grant with client_secret_basic.',
    outOfScope: 'machine-to-machine extension, not the user-facing authorization code flow this harness judges',
  },
  {
    official: 'auth/enterprise-managed-authorization', since: '0.2.0', suite: 'extensions', ours: [],
    note: 'Token exchange to an ID-JAG, then a jwt-bearer grant (0.1.16: cross-app-access-complete-flow).',
    outOfScope: 'enterprise extension with an identity provider in the loop; no MCP client of issue 4 implements it',
  },
  {
    official: 'auth/dpop', since: '0.2.0', suite: 'extensions', ours: [],
    note: 'DPoP-bound tokens without a server nonce.',
    outOfScope: 'DPoP is an extension; the harness judges bearer tokens',
  },
  {
    official: 'auth/dpop-nonce', since: '0.2.0', suite: 'extensions', ours: [],
    note: 'DPoP with a server-required nonce.',
    outOfScope: 'DPoP is an extension; the harness judges bearer tokens',
  },
  {
    official: 'auth/wif-jwt-bearer', since: '0.2.0', suite: 'extensions', ours: [],
    note: 'Workload identity federation through a jwt-bearer grant.',
    outOfScope: 'workload identity extension, not the user-facing authorization code flow',
  },
];
