// Which scenarios of this catalogue stand for each client auth scenario of the official MCP conformance suite
// (@modelcontextprotocol/conformance 0.1.16 and the 0.2.0-alpha line, git c321dd3). Data only: docs/official-suite-parity.md
// is generated from it, and a test fails when a scenario or check named here no longer exists.

import type { CheckId, SpecVersion } from './types.js';

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
    official: 'auth/metadata-default',
    since: '0.1.16',
    suite: 'auth',
    ours: ['dcr-none', 'split-auth0'],
    note: 'PRM path-inserted and named in the 401; RFC 8414 metadata at the origin. Ours also checks the probe order and that no other URL is tried (the official one only traps the root PRM).',
  },
  {
    official: 'auth/metadata-var1',
    since: '0.1.16',
    suite: 'auth',
    ours: ['path-suffixed', 'google-oidc-root'],
    note: 'PRM not named in the 401 (path-inserted probe); metadata only at openid-configuration. Ours split the two halves, each at a realistic shape.',
  },
  {
    official: 'auth/metadata-var2',
    since: '0.1.16',
    suite: 'auth',
    ours: ['prm-root-fallback', 'prm-root-origin-resource', 'okta-path-issuer'],
    note: 'Root-only PRM whose resource is the origin; path issuer /tenant1 at the RFC 8414 path-inserted URL. The origin resource is accepted (docs/decisions.md); sending it as origin + "/" fails resource-parameter-matches-prm, a SHOULD here and a MUST there (see Checks).',
  },
  {
    official: 'auth/metadata-var3',
    since: '0.1.16',
    suite: 'auth',
    ours: ['www-authenticate-only', 'keycloak-realm', 'entra-v2-tenant'],
    note: 'PRM at a custom URL only the 401 names; metadata only at {issuer}/.well-known/openid-configuration.',
  },
  {
    official: 'auth/basic-cimd',
    since: '0.1.16',
    suite: 'auth',
    ours: ['cimd'],
    note: 'The official suite only compares client_id with a fixed URL and never fetches it; ours accepts any well-formed https client_id and fetches the document when it is on loopback, judging its client_id and redirect_uris.',
  },
  {
    official: 'auth/scope-from-www-authenticate',
    since: '0.1.16',
    suite: 'auth',
    ours: ['www-authenticate-only'],
    note: 'scope-selection: the challenge scope is requested.',
  },
  {
    official: 'auth/scope-from-scopes-supported',
    since: '0.1.16',
    suite: 'auth',
    ours: ['path-suffixed'],
    note: 'scope-selection: every PRM scopes_supported is requested.',
  },
  {
    official: 'auth/scope-omitted-when-undefined',
    since: '0.1.16',
    suite: 'auth',
    ours: ['scope-omitted'],
    note: 'scope-selection: no scope parameter when nothing defines one.',
  },
  {
    official: 'auth/scope-step-up',
    since: '0.1.16',
    suite: 'auth',
    ours: ['step-up', 'step-up-no-refresh'],
    note: '403 insufficient_scope on tools/call; re-authorization with the challenged scope (the union of scopes at 2026-07-28) and a retry. The official mock issues no refresh token: step-up-no-refresh plays that, where a client that answers a 403 by refreshing (as SDK-based ones do) has to show the scopes it re-authorizes with.',
  },
  {
    official: 'auth/scope-retry-limit',
    since: '0.1.16',
    suite: 'auth',
    ours: ['step-up-never-enough', 'step-up-never-enough-no-refresh'],
    note: 'Every authorized call gets 403; as the official count, 1 to 3 attempts at a token in all (the first authorization included) pass, a 4th fails; ours count refresh grants too. step-up-never-enough-no-refresh issues no refresh token, as the official mock.',
  },
  {
    official: 'auth/token-endpoint-auth-basic',
    since: '0.1.16',
    suite: 'auth',
    ours: ['dcr-client-secret-basic', 'dcr-unsupported-method-refused'],
    note: 'The server registers any request and returns client_secret_basic with a secret (RFC 7591 §3.2.1), as the official one does; token-endpoint-auth-method and resource-parameter, as the official checks. Ours also requires the issued credentials, form-encoded, and one method per request. dcr-unsupported-method-refused (interop) plays a stricter server that refuses none with invalid_client_metadata.',
  },
  {
    official: 'auth/token-endpoint-auth-post',
    since: '0.1.16',
    suite: 'auth',
    ours: ['dcr-client-secret-post'],
    note: 'The server registers any request and returns client_secret_post with a secret (RFC 7591 §3.2.1), as the official one does; token-endpoint-auth-method and resource-parameter, as the official checks.',
  },
  {
    official: 'auth/token-endpoint-auth-none',
    since: '0.1.16',
    suite: 'auth',
    ours: ['dcr-none'],
    note: 'The server registers any request as a public client (none, no secret), as the official one does; token-endpoint-auth-method and resource-parameter, as the official checks.',
  },
  {
    official: 'auth/pre-registration',
    since: '0.1.16',
    suite: 'auth',
    ours: ['preregistered'],
    note: 'Credentials through MCP_CONFORMANCE_CONTEXT, the same variable and JSON shape; ours also offers registration, so a client that registers anyway is caught.',
  },
  {
    official: 'auth/2025-03-26-oauth-metadata-backcompat',
    since: '0.1.16',
    suite: 'backcompat',
    ours: ['legacy-2025-03-26'],
    note: 'No PRM; AS metadata at the MCP origin root (2025-03-26 rules). Optional: legacy-discovery judges it at SHOULD.',
  },
  {
    official: 'auth/2025-03-26-oauth-endpoint-fallback',
    since: '0.1.16',
    suite: 'backcompat',
    ours: ['legacy-default-endpoints'],
    note: 'No PRM and no metadata; /authorize, /token, /register at the MCP origin. Optional: legacy-discovery judges it at SHOULD.',
  },
  {
    official: 'auth/resource-mismatch',
    since: '0.1.16',
    suite: 'draft',
    ours: ['prm-resource-mismatch'],
    note: 'PRM resource names another server. The official verdict is "no authorization request" (a crashing client passed until PR #483); ours requires that the client fetched the document (a client that stops earlier fails) and then sent no authorization or token request.',
  },
  {
    official: 'auth/offline-access-scope',
    since: '0.1.16',
    suite: 'draft',
    ours: ['offline-access-listed'],
    note: 'The AS lists offline_access: the client may request it (SCP-2).',
  },
  {
    official: 'auth/offline-access-not-supported',
    since: '0.1.16',
    suite: 'draft',
    ours: ['offline-access-unlisted'],
    note: 'The AS does not list offline_access: the client must not request it.',
  },
  {
    official: 'auth/authorization-server-migration',
    since: '0.2.0',
    suite: 'draft',
    ours: ['authorization-server-migration'],
    note: 'Within one run, the PRM switches from AS1 to AS2 after the first authorized call and AS1 tokens get 401: the client re-registers at AS2 and never sends AS1 credentials there (SEP-2352). Ours also fails a client that sends AS1 refresh tokens or secrets to AS2, and requires an accepted request with an AS2 token.',
  },
  {
    official: 'auth/iss-supported',
    since: '0.2.0',
    suite: 'draft',
    ours: ['iss-correct'],
    note: 'RFC 9207 iss advertised and correct: the client proceeds.',
  },
  {
    official: 'auth/iss-not-advertised',
    since: '0.2.0',
    suite: 'draft',
    ours: ['split-auth0', 'dcr-none'],
    note: 'No iss advertised or sent: every scenario without authorizationResponseIss plays this, and authorized-request fails a client that insists on iss.',
  },
  {
    official: 'auth/iss-supported-missing',
    since: '0.2.0',
    suite: 'draft',
    ours: ['iss-missing'],
    note: 'iss advertised but absent: the code must not be redeemed.',
  },
  {
    official: 'auth/iss-wrong-issuer',
    since: '0.2.0',
    suite: 'draft',
    ours: ['iss-wrong'],
    note: 'iss names another issuer: the code must not be redeemed.',
  },
  {
    official: 'auth/iss-unexpected',
    since: '0.2.0',
    suite: 'draft',
    ours: ['iss-unadvertised-wrong'],
    note: 'iss not advertised, yet sent with a wrong value: the client still compares it and refuses.',
  },
  {
    official: 'auth/iss-normalized',
    since: '0.2.0',
    suite: 'draft',
    ours: ['iss-normalized'],
    note: 'iss equal to the issuer only after URL normalization (a terminating "/"): a plain string comparison refuses it.',
  },
  {
    official: 'auth/metadata-issuer-mismatch',
    since: '0.2.0',
    suite: 'draft',
    ours: ['metadata-issuer-mismatch'],
    note: 'Metadata issuer differs from the issuer the URL was built from: the document must not be used.',
  },
  {
    official: 'auth/client-credentials-jwt',
    since: '0.1.16',
    suite: 'extensions',
    ours: ['client-credentials-jwt'],
    note: 'client_credentials grant with private_key_jwt (ES256, a per-run key in MCP_CONFORMANCE_CONTEXT). Ours also judges exp and a single-use jti, and accepts the token endpoint as aud (RFC 7523 §3) beside the issuer.',
  },
  {
    official: 'auth/client-credentials-basic',
    since: '0.1.16',
    suite: 'extensions',
    ours: ['client-credentials-basic'],
    note: 'client_credentials grant with client_secret_basic. Ours decodes the credentials as RFC 6749 §2.3.1 has them encoded, and refuses a second authentication method in the body.',
  },
  {
    official: 'auth/enterprise-managed-authorization',
    since: '0.2.0',
    suite: 'extensions',
    ours: ['enterprise-managed-authorization'],
    note: "Token exchange to an ID-JAG at a mock enterprise IdP, then a jwt-bearer grant (0.1.16: cross-app-access-complete-flow). Ours also requires the resource to be the MCP server's and the assertion to be the very ID-JAG the IdP issued.",
  },
  {
    official: 'auth/dpop',
    since: '0.2.0',
    suite: 'extensions',
    ours: ['dpop'],
    note: 'DPoP-bound tokens without a server nonce: a proof on the token request, then Authorization: DPoP with a fresh proof on every MCP request. Ours verifies every proof at both servers (jose), binds the token to the proof key (token_type DPoP) and refuses it as Bearer (RFC 9449 §7.2); a client that never attempts DPoP gets bearer tokens and is skipped, where the official suite fails it.',
  },
  {
    official: 'auth/dpop-nonce',
    since: '0.2.0',
    suite: 'extensions',
    ours: ['dpop-nonce'],
    note: 'The token endpoint (400) and the MCP server (401 WWW-Authenticate: DPoP) answer use_dpop_nonce with a DPoP-Nonce of their own; the client retries with the nonce of the server that issued it. The nonces are unpredictable per run, as RFC 9449 §8 requires (the official ones are fixed strings).',
  },
  {
    official: 'auth/wif-jwt-bearer',
    since: '0.2.0',
    suite: 'extensions',
    ours: ['wif-jwt-bearer', 'wif-jwt-bearer-refused'],
    note: 'Workload identity federation through a jwt-bearer grant of the workload assertion in MCP_CONFORMANCE_CONTEXT.valid_jwt (wrong_audience_jwt and expired_jwt beside it, as the official context has them).',
  },
];

/** How the official suite judges a check: FAILURE is MUST, WARNING is SHOULD (both fail its run); INFO never fails. */
export type OfficialLevel = 'MUST' | 'SHOULD' | 'INFO';

export interface OfficialCheck {
  /** The official check id, as its checks.json names it. */
  official: string;
  /** Where the official suite has it: its 0.1.16 release, the 0.2.0-alpha line (git c321dd3), or a later PR. */
  release: '0.1.16' | '0.2.0-alpha' | 'PR #488';
  /** Official scenarios that emit it (without the auth/ prefix; * for a family). */
  scenarios: string;
  /**
   * FAILURE → MUST, WARNING → SHOULD; INFO for a check that only records a step (SUCCESS or INFO). A SUCCESS-only
   * check the scenario back-fills as FAILURE "Expected Check Missing" when the step never happens counts as MUST.
   */
  level: OfficialLevel;
  /** Revisions of this harness at which the official suite emits it (its scenarios' introducedIn and gating). */
  revisions: SpecVersion[];
  /** Checks here that judge the same behaviour; empty when out of scope. */
  ours: CheckId[];
  /** What it judges, and how ours compares. */
  note: string;
  /** Why ours judges at another level where both judge (the requirements-matrix test insists on one). */
  levelNote?: string;
  /** Deliberately not judged, with the reason. */
  outOfScope?: string;
}

const ALL_REVISIONS: SpecVersion[] = ['2025-06-18', '2025-11-25', '2026-07-28'];
const FROM_2025_11: SpecVersion[] = ['2025-11-25', '2026-07-28'];
const DRAFT: SpecVersion[] = ['2026-07-28'];

/**
 * Every client authorization check id of the official suite's 0.2.0-alpha line (git c321dd3: src/scenarios/client/auth/)
 * plus resource-parameter-matches-prm (PR #488, merged after 0.2.0-alpha.11), and the checks here that judge it.
 * docs/official-suite-parity.md renders our levels per revision from the check registry, so they cannot drift.
 */
export const OFFICIAL_CLIENT_AUTH_CHECKS: OfficialCheck[] = [
  // Discovery
  {
    official: 'prm-pathbased-requested',
    release: '0.1.16',
    scenarios: 'metadata-default, metadata-var1 (recorded wherever a PRM is fetched)',
    level: 'MUST',
    revisions: FROM_2025_11,
    ours: ['prm-uses-header-url', 'prm-well-known-order'],
    note: 'The official check records that a PRM was fetched; it is a failure (back-filled "Expected Check Missing") only in metadata-default and metadata-var1, whose PRM is path-based (introduced 2025-11-25), elsewhere a SUCCESS record that never fails. Ours judge which URL: the resource_metadata of the 401, else the well-known URLs in order.',
  },
  {
    official: 'prm-priority-order',
    release: '0.1.16',
    scenarios: 'metadata-default',
    level: 'MUST',
    revisions: FROM_2025_11,
    ours: ['prm-uses-header-url', 'prm-well-known-order'],
    note: 'A trap on the root PRM where the path-based one is named. Ours fail any PRM URL other than the one the 401 names, or a probe out of order.',
  },
  {
    official: 'authorization-server-metadata',
    release: '0.1.16',
    scenarios: 'metadata-*, 2025-03-26-oauth-metadata-backcompat (recorded in every auth scenario)',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['asm-from-authorization-server', 'asm-well-known-order'],
    note: 'Records the metadata fetch: a failure (back-filled "Expected Check Missing") only in metadata-* (introduced 2025-11-25) and 2025-03-26-oauth-metadata-backcompat; elsewhere a SUCCESS record that never fails. Ours judge that it came from a listed authorization server, in the specified order.',
  },
  {
    official: 'authorization-server-metadata-wrong-path',
    release: '0.1.16',
    scenarios: 'metadata-var2, metadata-var3',
    level: 'MUST',
    revisions: FROM_2025_11,
    ours: ['asm-well-known-order', 'asm-from-authorization-server'],
    note: 'A trap on the root RFC 8414 URL of a path issuer; ours fail any metadata URL outside the ordered list (okta-path-issuer, okta-org-vs-custom). asm-well-known-order is a SHOULD at 2025-06-18, before the ordered list (2025-11-25), where the official trap does not run.',
  },
  {
    official: 'resource-mismatch-rejected',
    release: '0.1.16',
    scenarios: 'resource-mismatch',
    level: 'MUST',
    revisions: DRAFT,
    ours: ['prm-resource-validated'],
    note: 'PRM whose resource names another server. Ours judge it at every revision (RFC 9728 §3.3, normative by reference since 2025-06-18) and only after the client fetched the document.',
  },
  {
    official: 'sep-2468-client-validate-metadata-issuer',
    release: '0.2.0-alpha',
    scenarios: 'metadata-issuer-mismatch',
    level: 'MUST',
    revisions: DRAFT,
    ours: ['asm-issuer-validated'],
    note: 'Metadata whose issuer is not the one the URL was built from must not be used. 2026-07-28 states it in MCP; ours judge it at every revision, since RFC 8414 §3.3 ("If these values are not identical, the data contained in the response MUST NOT be used") applies wherever MCP requires RFC 8414.',
  },
  // Registration
  {
    official: 'client-registration',
    release: '0.1.16',
    scenarios: 'metadata-*, 2025-03-26-* (recorded wherever a client registers)',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['registration-dcr'],
    note: 'Records a DCR request: a failure (back-filled "Expected Check Missing") only in metadata-* (introduced 2025-11-25) and the 2025-03-26 scenarios; elsewhere a SUCCESS record that never fails (their mocks offer no other registration).',
    levelNote:
      'Dynamic registration is a SHOULD in 2025-06-18 and a MAY from 2025-11-25 ("for backwards compatibility"), so registration-dcr is a SHOULD; a client that cannot register never gets a token and fails authorized-request (MUST).',
  },
  {
    official: 'sep-837-application-type-present',
    release: '0.2.0-alpha',
    scenarios: 'every scenario with DCR',
    level: 'MUST',
    revisions: DRAFT,
    ours: ['application-type'],
    note: '"MCP clients MUST specify an appropriate application_type during Dynamic Client Registration" (2026-07-28, Client Registration). Presence and "native" or "web" are judged; which one is appropriate is not visible in traffic.',
  },
  {
    official: 'sep-2207-client-metadata-grant-types',
    release: '0.1.16',
    scenarios: 'offline-access-scope',
    level: 'SHOULD',
    revisions: DRAFT,
    ours: ['dcr-grant-types'],
    note: '"MCP Clients that desire refresh tokens … SHOULD include refresh_token in their grant_types client metadata" (2026-07-28, Refresh Tokens). Ours judge every dynamic registration (and a fetched Client ID Metadata Document), not only the offline_access scenario.',
  },
  {
    official: 'cimd-client-id-used',
    release: '0.1.16',
    scenarios: 'basic-cimd',
    level: 'SHOULD',
    revisions: FROM_2025_11,
    ours: ['registration-cimd'],
    note: 'The official one compares client_id with a fixed URL; ours accept any well-formed https client_id and judge the document when it is on loopback.',
  },
  {
    official: 'pre-registration-auth',
    release: '0.1.16',
    scenarios: 'pre-registration',
    level: 'MUST',
    revisions: FROM_2025_11,
    ours: ['token-endpoint-auth-method', 'registration-preregistered'],
    note: 'The pre-registered credentials, with Basic authentication, at the token endpoint: token-endpoint-auth-method (MUST); registering anyway is registration-preregistered (SHOULD, REG-6).',
  },
  {
    official: 'token-endpoint-auth-method',
    release: '0.1.16',
    scenarios: 'token-endpoint-auth-*',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['token-endpoint-auth-method'],
    note: 'The registered method, and only it, at the token endpoint.',
  },
  // Authorization request, PKCE, resource
  {
    official: 'authorization-request',
    release: '0.1.16',
    scenarios: 'metadata-*, 2025-03-26-* (recorded in every auth scenario)',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['authorized-request'],
    note: 'Records the authorization request: a failure (back-filled "Expected Check Missing") only in metadata-* (introduced 2025-11-25) and the 2025-03-26 scenarios; elsewhere a SUCCESS record that never fails. Ours require the whole flow to end in an accepted MCP request.',
  },
  {
    official: 'pkce-code-challenge-sent',
    release: '0.1.16',
    scenarios: 'every auth scenario',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['pkce-s256'],
    note: 'A code_challenge on every authorization request.',
  },
  {
    official: 'pkce-s256-method-used',
    release: '0.1.16',
    scenarios: 'every auth scenario',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['pkce-s256'],
    note: 'code_challenge_method=S256, sent explicitly.',
  },
  {
    official: 'token-request',
    release: '0.1.16',
    scenarios: 'metadata-*, 2025-03-26-* (recorded in every auth scenario)',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['authorized-request'],
    note: 'Records the token request: a failure (back-filled "Expected Check Missing") only in metadata-* (introduced 2025-11-25) and the 2025-03-26 scenarios; elsewhere a SUCCESS record that never fails. Ours require the whole flow to end in an accepted MCP request.',
  },
  {
    official: 'pkce-code-verifier-sent',
    release: '0.1.16',
    scenarios: 'every auth scenario',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['pkce-verifier'],
    note: 'code_verifier in the token request.',
  },
  {
    official: 'pkce-verifier-matches-challenge',
    release: '0.1.16',
    scenarios: 'every auth scenario',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['pkce-verifier'],
    note: 'Its S256 is the challenge of the authorization request.',
  },
  {
    official: 'resource-parameter-in-authorization',
    release: '0.1.16',
    scenarios: 'token-endpoint-auth-* (PR #488: also metadata-*)',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['resource-parameter'],
    note: 'resource in the authorization request; ours also require that it names this MCP server (RFC 3986 equivalent to the PRM resource).',
  },
  {
    official: 'resource-parameter-in-token',
    release: '0.1.16',
    scenarios: 'token-endpoint-auth-* (PR #488: also metadata-*)',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['resource-parameter'],
    note: 'resource in the token request; ours judge refresh requests too (RFC 8707 §2.2 applies to every token request).',
  },
  {
    official: 'resource-parameter-valid-uri',
    release: '0.1.16',
    scenarios: 'token-endpoint-auth-* (PR #488: also metadata-*)',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['resource-parameter-valid-uri'],
    note: 'An absolute URI without a fragment (RFC 8707 §2). The official one judges the first value only; ours every value of every request.',
  },
  {
    official: 'resource-parameter-consistency',
    release: '0.1.16',
    scenarios: 'token-endpoint-auth-* (PR #488: also metadata-*)',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['resource-parameter-consistent'],
    note: 'The same string in the authorization and token requests; ours pair each code with its redemption and each refresh with the grant it refreshes.',
  },
  {
    official: 'resource-parameter-matches-prm',
    release: 'PR #488',
    scenarios: 'metadata-*, token-endpoint-auth-*',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['resource-parameter', 'resource-parameter-matches-prm'],
    note: 'The PRM resource byte for byte; metadata-var2 (root PRM, resource = origin) is the case a URL parser breaks (origin + "/"). Here another resource fails resource-parameter (MUST); an RFC 3986 equivalent form fails resource-parameter-matches-prm (SHOULD), and the mock authorization server accepts it so the flow goes on.',
    levelNote:
      'No sentence of 2025-06-18, 2025-11-25 or 2026-07-28 makes byte equality a MUST: the canonical URI "aligns with the resource parameter in RFC 9728", and the form is a SHOULD ("implementations SHOULD consistently use the form without the trailing slash", lowercase scheme and host). RFC 9728 §3.3, which PR #488 cites, binds the PRM document to the URL it was fetched for, not the parameter (docs/decisions.md).',
  },
  // Scopes and step-up
  {
    official: 'scope-from-www-authenticate',
    release: '0.1.16',
    scenarios: 'scope-from-www-authenticate',
    level: 'SHOULD',
    revisions: FROM_2025_11,
    ours: ['scope-selection'],
    note: 'The challenge scope is requested (www-authenticate-only).',
  },
  {
    official: 'scope-from-scopes-supported',
    release: '0.1.16',
    scenarios: 'scope-from-scopes-supported',
    level: 'SHOULD',
    revisions: FROM_2025_11,
    ours: ['scope-selection'],
    note: 'Every PRM scopes_supported is requested (path-suffixed).',
  },
  {
    official: 'scope-omitted-when-undefined',
    release: '0.1.16',
    scenarios: 'scope-omitted-when-undefined',
    level: 'SHOULD',
    revisions: FROM_2025_11,
    ours: ['scope-selection'],
    note: 'No scope when nothing defines one (scope-omitted).',
  },
  {
    official: 'scope-step-up-initial',
    release: '0.1.16',
    scenarios: 'scope-step-up',
    level: 'SHOULD',
    revisions: FROM_2025_11,
    ours: ['scope-selection'],
    note: 'The first authorization requests the challenge scope: scope-selection, judged in www-authenticate-only (the same rule; step-up judges the re-authorization).',
  },
  {
    official: 'scope-step-up-escalation',
    release: '0.1.16',
    scenarios: 'scope-step-up',
    level: 'SHOULD',
    revisions: FROM_2025_11,
    ours: ['step-up'],
    note: 'After 403 insufficient_scope, re-authorization with the challenged scope, and a retry.',
  },
  {
    official: 'sep-2350-scope-union-on-reauth',
    release: '0.2.0-alpha',
    scenarios: 'scope-step-up',
    level: 'SHOULD',
    revisions: DRAFT,
    ours: ['step-up'],
    note: '"Determine required scopes by computing the union of the client\'s previously requested scope set and the scopes from the current challenge" (2026-07-28, Step-Up Authorization Flow, SEP-2350): step-up requires the union at 2026-07-28 only, the challenged scope at 2025-11-25.',
  },
  {
    official: 'scope-retry-auth-attempt',
    release: '0.1.16',
    scenarios: 'scope-retry-limit',
    level: 'INFO',
    revisions: FROM_2025_11,
    ours: ['step-up-retry-limit'],
    note: 'One entry per authorization request, the first included; ours list the refusal and every attempt after it (authorization requests and refresh grants) as the evidence of step-up-retry-limit.',
  },
  {
    official: 'scope-retry-limit',
    release: '0.1.16',
    scenarios: 'scope-retry-limit',
    level: 'MUST',
    revisions: FROM_2025_11,
    ours: ['step-up-retry-limit'],
    note: '1 to 3 authorization requests in all, the first included (so at most 2 after the first 403), then a stop; ours count the same way, refresh grants included.',
    levelNote:
      '"Clients SHOULD implement retry limits" and "retry … no more than a few times" are SHOULDs (2025-11-25, 2026-07-28), so more than 3 attempts is a warning here, a failure there. The official check also fails 0 attempts; here the attempt itself is step-up\'s (SHOULD) in the step-up scenario.',
  },
  {
    official: 'sep-2207-offline-access-requested',
    release: '0.1.16',
    scenarios: 'offline-access-scope',
    level: 'INFO',
    revisions: DRAFT,
    ours: ['offline-access', 'authorized-request'],
    note: 'offline_access MAY be requested when the authorization server lists it: recorded, never failed; the official one fails only a flow that never completed (authorized-request here).',
  },
  {
    official: 'sep-2207-offline-access-not-requested',
    release: '0.1.16',
    scenarios: 'offline-access-not-supported',
    level: 'MUST',
    revisions: DRAFT,
    ours: ['offline-access'],
    note: 'No offline_access when the authorization server does not list it.',
    levelNote:
      'The sentence is a permission with a condition ("MAY add offline_access … when the Authorization Server metadata contains it in scopes_supported"), with no MUST NOT for the other case, so requesting it anyway is judged at SHOULD (docs/decisions.md).',
  },
  // Tokens
  {
    official: 'valid-bearer-token',
    release: '0.1.16',
    scenarios: 'every auth scenario',
    level: 'INFO',
    revisions: ALL_REVISIONS,
    ours: ['authorized-request', 'bearer-header'],
    note: 'A valid bearer token reached the MCP server.',
  },
  {
    official: 'invalid-bearer-token',
    release: '0.1.16',
    scenarios: 'every auth scenario',
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: ['authorized-request', 'bearer-header'],
    note: 'A bearer token the mock does not know; ours fail a request without the bearer (bearer-header) and a flow without an accepted request (authorized-request).',
  },
  // RFC 9207 iss (SEP-2468)
  {
    official: 'sep-2468-client-compare-iss-supported',
    release: '0.2.0-alpha',
    scenarios: 'iss-supported, iss-wrong-issuer',
    level: 'MUST',
    revisions: DRAFT,
    ours: ['iss-validated', 'authorized-request'],
    note: 'A correct iss is accepted (authorized-request in iss-correct), a wrong one refused before the code is redeemed (iss-validated in iss-wrong).',
  },
  {
    official: 'sep-2468-client-proceed-no-iss',
    release: '0.2.0-alpha',
    scenarios: 'iss-not-advertised',
    level: 'MUST',
    revisions: DRAFT,
    ours: ['authorized-request'],
    note: 'No iss advertised or sent: the client proceeds; every scenario without iss fails a client that insists on one.',
  },
  {
    official: 'sep-2468-client-reject-missing-iss',
    release: '0.2.0-alpha',
    scenarios: 'iss-supported-missing',
    level: 'MUST',
    revisions: DRAFT,
    ours: ['iss-validated'],
    note: 'iss advertised but absent: the code is not redeemed (iss-missing).',
  },
  {
    official: 'sep-2468-client-compare-iss-unadvertised',
    release: '0.2.0-alpha',
    scenarios: 'iss-unexpected',
    level: 'MUST',
    revisions: DRAFT,
    ours: ['iss-validated'],
    note: 'iss not advertised yet present and wrong: still compared, the code not redeemed (iss-unadvertised-wrong).',
  },
  {
    official: 'sep-2468-client-no-normalization',
    release: '0.2.0-alpha',
    scenarios: 'iss-normalized',
    level: 'MUST',
    revisions: DRAFT,
    ours: ['iss-validated'],
    note: '"clients MUST NOT apply scheme or host case folding, default-port elision, trailing-slash, or percent-encoding normalization … before comparison" (2026-07-28): iss with a terminating "/" is refused (iss-normalized).',
  },
  // Authorization server binding (SEP-2352)
  {
    official: 'sep-2352-reregister-on-as-change',
    release: '0.2.0-alpha',
    scenarios: 'authorization-server-migration',
    level: 'MUST',
    revisions: DRAFT,
    ours: ['authorization-server-binding'],
    note: '"clients MUST re-register with the new authorization server" when the PRM names another one.',
  },
  {
    official: 'sep-2352-no-reuse-on-as-change',
    release: '0.2.0-alpha',
    scenarios: 'authorization-server-migration',
    level: 'MUST',
    revisions: DRAFT,
    ours: ['authorization-server-binding'],
    note: '"clients MUST NOT reuse client credentials from a different authorization server"; ours also fail an old refresh or access token sent to the new server.',
  },
  {
    official: 'sep-2352-no-cross-as-credential-reuse',
    release: '0.2.0-alpha',
    scenarios: 'authorization-server-migration',
    level: 'MUST',
    revisions: DRAFT,
    ours: ['authorization-server-binding'],
    note: '"Clients MUST NOT assume that credentials valid for one authorization server will be accepted by another."',
  },
  // Extensions (scenarios of the extensions suite; a client that never attempts one is skipped, not failed)
  {
    official: 'client-credentials-grant-type',
    release: '0.1.16',
    scenarios: 'client-credentials-jwt, client-credentials-basic',
    level: 'MUST',
    revisions: FROM_2025_11,
    ours: ['client-credentials-grant'],
    note: 'grant_type=client_credentials in every token request.',
  },
  ...(
    [
      ['client-credentials-assertion-type', 'client_assertion_type is the RFC 7523 jwt-bearer type.'],
      ['client-credentials-jwt-iss', 'The assertion iss is the client_id.'],
      ['client-credentials-jwt-sub', 'The assertion sub is the client_id.'],
      ['client-credentials-jwt-verified', 'The assertion verifies with the per-run key, aud the issuer (with or without a trailing slash).'],
    ] as const
  ).map(([official, note]): OfficialCheck => ({
    official,
    release: '0.1.16',
    scenarios: 'client-credentials-jwt',
    level: 'MUST',
    revisions: FROM_2025_11,
    ours: ['client-credentials-jwt-assertion'],
    note: `${note} Ours judges the whole assertion in one check (type, signature, iss, sub, aud, exp, jti).`,
  })),
  {
    official: 'client-credentials-basic-auth',
    release: '0.1.16',
    scenarios: 'client-credentials-basic',
    level: 'MUST',
    revisions: FROM_2025_11,
    ours: ['client-credentials-basic-auth'],
    note: 'Basic credentials of the context client_id and secret.',
  },
  {
    official: 'complete-flow-token-exchange',
    release: '0.1.16',
    scenarios: 'enterprise-managed-authorization',
    level: 'MUST',
    revisions: FROM_2025_11,
    ours: ['ema-token-exchange'],
    note: 'RFC 8693 exchange of the IdP id_token for an ID-JAG, with audience, resource and the token types.',
  },
  {
    official: 'complete-flow-jwt-bearer',
    release: '0.1.16',
    scenarios: 'enterprise-managed-authorization',
    level: 'MUST',
    revisions: FROM_2025_11,
    ours: ['ema-jwt-bearer'],
    note: 'jwt-bearer grant of the ID-JAG with client_secret_basic.',
  },
  // DPoP (SEP-1932, RFC 9449): the official checks fail a client without DPoP; ours skip it (an optional extension).
  ...(
    [
      [
        'sep-1932-client-token-request-proof',
        'dpop, dpop-nonce',
        'dpop-token-request-proof',
        'A valid DPoP proof on the token request (RFC 9449 §5); ours on every token request, refresh included.',
      ],
      [
        'sep-1932-client-dpop-auth-scheme',
        'dpop, dpop-nonce',
        'dpop-auth-scheme',
        'The DPoP-bound token presented with Authorization: DPoP, never Bearer (RFC 9449 §7.1).',
      ],
      [
        'sep-1932-client-fresh-proof',
        'dpop, dpop-nonce',
        'dpop-fresh-proof',
        'A fresh, valid proof on each MCP request; ours also require ath, the key the token is bound to, and a jti never used before, token requests included.',
      ],
      [
        'sep-1932-client-as-nonce',
        'dpop-nonce',
        'dpop-as-nonce',
        'After 400 use_dpop_nonce at the token endpoint, a proof with the supplied nonce (RFC 9449 §8).',
      ],
      ['sep-1932-client-rs-nonce', 'dpop-nonce', 'dpop-rs-nonce', 'After 401 use_dpop_nonce at the MCP server, a proof with the supplied nonce (RFC 9449 §9).'],
    ] as const
  ).map(([official, scenarios, ours, note]): OfficialCheck => ({
    official,
    release: '0.2.0-alpha',
    scenarios,
    level: 'MUST',
    revisions: ALL_REVISIONS,
    ours: [ours],
    note,
  })),
  ...(
    [
      ['wif-grant-type', 'wif-jwt-bearer-grant', 'grant_type=jwt-bearer.'],
      ['wif-assertion-missing', 'wif-jwt-bearer-grant', 'An assertion parameter.'],
      ['wif-assertion-verified', 'wif-assertion', 'The assertion verifies with the workload issuer key.'],
      ['wif-assertion-audience', 'wif-assertion', 'Its aud is the authorization server.'],
      ['wif-assertion-expired', 'wif-assertion', 'It has not expired.'],
      ['wif-assertion-malformed', 'wif-assertion', 'It is a well-formed JWT.'],
    ] as const
  ).map(([official, ours, note]): OfficialCheck => ({
    official,
    release: '0.2.0-alpha',
    scenarios: 'wif-jwt-bearer',
    level: 'MUST',
    revisions: FROM_2025_11,
    ours: [ours],
    note,
  })),
  ...['wif-grant-fallback', 'wif-no-retry'].map((official): OfficialCheck => ({
    official,
    release: '0.2.0-alpha',
    scenarios: 'wif-jwt-bearer',
    level: 'SHOULD',
    revisions: FROM_2025_11,
    ours: ['wif-no-retry'],
    note: 'After the authorization server refuses the jwt-bearer grant, no retry and no other grant type. The official scenario provokes the refusal with scopes its negative clients ask for; ours refuses every grant in wif-jwt-bearer-refused.',
  })),
];

/**
 * The official scenario name a command client is given for one of ours, in MCP_CONFORMANCE_SCENARIO and
 * MCP_CONFORMANCE_CONTEXT.name, so a client written to the official contract (one that switches on `auth/…` names)
 * picks its flow here unchanged; undefined for a scenario with no official equivalent (it keeps its own id). Where ours
 * stands for several official scenarios (dcr-none for metadata-default and token-endpoint-auth-none), the one it stands
 * for most exactly: the official scenario with the fewest equivalents here, then the first in the official suite's
 * order. Each official scenario's own flow suits all of its equivalents, so any choice runs; this one is stable.
 */
export function officialScenarioName(id: string): string | undefined {
  let best: OfficialScenario | undefined;
  for (const o of OFFICIAL_CLIENT_AUTH_SCENARIOS) {
    if (o.ours.includes(id) && (!best || o.ours.length < best.ours.length)) best = o;
  }
  return best?.official;
}
