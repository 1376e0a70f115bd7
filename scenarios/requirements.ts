import { quotesAt } from './requirement-quotes.js';
import { DPOP_REQUIREMENTS } from './requirements-dpop.js';
import type { Requirement, SpecVersion } from './types.js';
import { EXTENSION_REQUIREMENTS } from './requirements-extensions.js';

const MCP = 'https://modelcontextprotocol.io/specification';
const authz = (rev: string, anchor: string) => `${MCP}/${rev}/basic/authorization#${anchor}`;
const rfc = (n: number, section: string) => `https://www.rfc-editor.org/rfc/rfc${n}#section-${section}`;

/** Client-side requirements of MCP authorization, ids as in the project's requirement digest. */
const REQUIREMENTS: Requirement[] = [
  {
    id: 'WWW-1',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'Parse WWW-Authenticate and respond appropriately to a 401 from the MCP server.',
    source: 'MCP 2025-11-25 Authorization › Protected Resource Metadata Discovery Requirements',
    url: authz('2025-11-25', 'protected-resource-metadata-discovery-requirements'),
  },
  {
    id: 'WWW-2',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'When the 401 challenge carries resource_metadata, fetch exactly that URL.',
    source: 'MCP 2025-11-25 Authorization › Protected Resource Metadata Discovery Requirements; RFC 9728 §5.1',
    url: authz('2025-11-25', 'protected-resource-metadata-discovery-requirements'),
  },
  {
    id: 'WWW-3',
    level: 'MUST',
    since: '2025-11-25',
    summary: 'Treat the scope of the challenge as authoritative for the request.',
    source: 'MCP 2025-11-25 Authorization › Scope Selection Strategy',
    url: authz('2025-11-25', 'scope-selection-strategy'),
  },
  {
    id: 'PRM-1',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'Use RFC 9728 Protected Resource Metadata to discover the authorization server.',
    source: 'MCP 2025-06-18 Authorization › Authorization Server Location',
    url: authz('2025-06-18', 'authorization-server-location'),
  },
  {
    id: 'PRM-2',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'Without a resource_metadata URL, probe the path-inserted well-known URL, then the root one, in that order.',
    source: 'MCP 2025-11-25 Authorization › Protected Resource Metadata Discovery Requirements; RFC 9728 §3',
    url: authz('2025-11-25', 'protected-resource-metadata-discovery-requirements'),
  },
  {
    id: 'PRM-4',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'The PRM resource must be identical to the resource the client built the URL from; otherwise the document must not be used.',
    source: 'RFC 9728 §3.3 and §7.3',
    url: rfc(9728, '3.3'),
  },
  {
    id: 'ASM-1',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'Use the authorization server metadata of an authorization server listed in authorization_servers.',
    source: 'MCP 2025-11-25 Authorization › Authorization Server Metadata Discovery',
    url: authz('2025-11-25', 'authorization-server-metadata-discovery'),
  },
  {
    id: 'ASM-2',
    level: 'MUST',
    since: '2025-11-25',
    summary: 'Probe the RFC 8414 and OpenID Connect well-known URLs of the issuer in the specified order.',
    source: 'MCP 2025-11-25 Authorization › Authorization Server Metadata Discovery',
    url: authz('2025-11-25', 'authorization-server-metadata-discovery'),
  },
  {
    id: 'ASM-3',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'The metadata issuer must be identical to the issuer the URL was built from; otherwise the metadata must not be used.',
    source: 'RFC 8414 §3.3; MCP 2026-07-28 Authorization › Authorization Server Metadata Discovery',
    url: rfc(8414, '3.3'),
  },
  {
    id: 'ASM-5',
    level: 'MUST',
    since: '2025-03-26',
    summary: 'Send registration, authorization and token requests to the endpoints the metadata names.',
    source: 'RFC 8414 §2; MCP 2025-06-18 Authorization › Authorization Server Discovery',
    url: rfc(8414, '2'),
  },
  {
    id: 'PKCE-1',
    level: 'MUST',
    since: '2025-03-26',
    summary: 'Use PKCE on every authorization request.',
    source: 'MCP 2025-11-25 Authorization › Authorization Code Protection',
    url: authz('2025-11-25', 'authorization-code-protection'),
  },
  {
    id: 'PKCE-2',
    level: 'MUST',
    since: '2025-03-26',
    summary: 'Use the S256 code challenge method and say so with code_challenge_method=S256.',
    source: 'MCP 2025-11-25 Authorization › Authorization Code Protection; RFC 7636 §4.2',
    url: authz('2025-11-25', 'authorization-code-protection'),
  },
  {
    id: 'PKCE-3',
    level: 'MUST',
    since: '2025-11-25',
    summary: 'Verify that the metadata lists code_challenge_methods_supported and refuse to proceed when it is absent.',
    source: 'MCP 2025-11-25 Authorization › Authorization Code Protection',
    url: authz('2025-11-25', 'authorization-code-protection'),
  },
  {
    id: 'PKCE-4',
    level: 'MUST',
    since: '2025-03-26',
    summary: 'Send the code_verifier matching the challenge in the token request.',
    source: 'OAuth 2.1 §4.1.3; RFC 7636 §4.5',
    url: rfc(7636, '4.5'),
  },
  {
    id: 'RES-1',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'Send the resource parameter in both the authorization request and the token request.',
    source: 'MCP 2025-06-18 Authorization › Resource Parameter Implementation; RFC 8707',
    url: authz('2025-06-18', 'resource-parameter-implementation'),
  },
  {
    id: 'RES-2',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'The resource value is the canonical URI of the MCP server: absolute, no fragment, the MCP endpoint itself.',
    source: 'MCP 2025-06-18 Authorization › Canonical Server URI',
    url: authz('2025-06-18', 'canonical-server-uri'),
  },
  {
    id: 'RES-3',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'Send the same resource value in the authorization, token and refresh requests.',
    source: 'RFC 8707 §2.2',
    url: rfc(8707, '2.2'),
  },
  {
    id: 'SCP-1',
    level: 'SHOULD',
    since: '2025-11-25',
    summary: 'Request the challenge scope; otherwise all PRM scopes_supported; otherwise omit scope.',
    source: 'MCP 2025-11-25 Authorization › Scope Selection Strategy',
    url: authz('2025-11-25', 'scope-selection-strategy'),
  },
  {
    id: 'REG-1',
    level: 'SHOULD',
    since: '2025-11-25',
    summary: 'Choose registration in priority order: pre-registered, Client ID Metadata Document, dynamic registration.',
    source: 'MCP 2025-11-25 Authorization › Client Registration Approaches',
    url: authz('2025-11-25', 'client-registration-approaches'),
  },
  {
    id: 'REG-4',
    level: 'SHOULD',
    since: '2025-03-26',
    summary: 'Register dynamically with a valid RFC 7591 body naming the redirect URIs, and use the client_id issued.',
    source: 'MCP 2025-06-18 Authorization › Dynamic Client Registration; RFC 7591 §2',
    url: authz('2025-06-18', 'dynamic-client-registration'),
  },
  {
    id: 'REG-5',
    level: 'MUST',
    since: '2025-03-26',
    summary: 'Authenticate at the token endpoint with the method that was registered (the one the registration response returned), one method per request.',
    source: 'RFC 7591 §2, §3.2.1; OAuth 2.1 §2.4; RFC 6749 §2.3',
    url: rfc(7591, '3.2.1'),
  },
  {
    id: 'RED-1',
    level: 'MUST',
    since: '2025-03-26',
    summary: 'Redirect URIs are loopback or HTTPS, and exactly the one registered, in both authorization and token requests.',
    source: 'MCP 2025-11-25 Authorization › Communication Security; OAuth 2.1 §2.3.1, §4.1.3',
    url: authz('2025-11-25', 'communication-security'),
  },
  {
    id: 'STA-1',
    level: 'SHOULD',
    since: '2025-06-18',
    summary: 'Use the state parameter and verify it on the callback.',
    source: 'MCP 2025-06-18 Authorization › Open Redirection',
    url: authz('2025-06-18', 'open-redirection'),
  },
  {
    id: 'TOK-1',
    level: 'MUST',
    since: '2025-03-26',
    summary: 'Send Authorization: Bearer <token> on every HTTP request to the MCP server.',
    source: 'MCP 2025-11-25 Authorization › Token Requirements',
    url: authz('2025-11-25', 'token-requirements'),
  },
  {
    id: 'TOK-2',
    level: 'MUST',
    since: '2025-03-26',
    summary: 'Never put the access token in the query string.',
    source: 'MCP 2025-11-25 Authorization › Token Requirements; RFC 6750 §2',
    url: authz('2025-11-25', 'token-requirements'),
  },
  {
    id: 'FLOW-1',
    level: 'MUST',
    since: '2025-03-26',
    summary: 'Having authorized, the client makes an MCP request the server accepts.',
    source: 'MCP 2025-11-25 Authorization › Authorization Flow Steps',
    url: authz('2025-11-25', 'authorization-flow-steps'),
  },
  {
    id: 'REG-3',
    level: 'MUST',
    since: '2025-11-25',
    summary: 'A Client ID Metadata Document client_id is an https URL with a path, no fragment; its document names that client_id and the redirect URIs used.',
    source: 'MCP 2025-11-25 Authorization › Client ID Metadata Documents',
    url: authz('2025-11-25', 'client-id-metadata-documents'),
  },
  {
    id: 'REG-6',
    level: 'SHOULD',
    since: '2025-11-25',
    summary: 'Support pre-registered client credentials, and use them instead of registering.',
    source: 'MCP 2025-11-25 Authorization › Preregistration',
    url: authz('2025-11-25', 'preregistration'),
  },
  {
    id: 'ISS-1',
    level: 'MUST',
    since: '2026-07-28',
    summary: 'Apply RFC 9207 before redeeming a code: iss must equal the issuer, and must be present when the server advertises it.',
    source: 'MCP 2026-07-28 Authorization › Authorization Response Validation; RFC 9207 §2.4',
    url: authz('2026-07-28', 'authorization-response-validation'),
  },
  {
    id: 'WWW-4',
    level: 'SHOULD',
    since: '2025-11-25',
    summary: 'On 403 insufficient_scope, re-authorize with the challenged scope and retry, no more than a few times.',
    source: 'MCP 2025-11-25 Authorization › Scope Challenge Handling',
    url: authz('2025-11-25', 'scope-challenge-handling'),
  },
  {
    id: 'WWW-5',
    level: 'SHOULD',
    since: '2026-07-28',
    summary: 'The step-up scope is the union of the scopes requested before and the challenged ones.',
    source: 'MCP 2026-07-28 Authorization › Step-Up Authorization Flow',
    url: authz('2026-07-28', 'step-up-authorization-flow'),
  },
  {
    id: 'WWW-6',
    level: 'SHOULD',
    since: '2025-06-18',
    summary: 'On 401 invalid_token after authorization, refresh or re-authorize, a bounded number of times.',
    source: 'OAuth 2.1 §5.3; RFC 9728 §5.2',
    url: rfc(9728, '5.2'),
  },
  {
    id: 'REF-1',
    level: 'SHOULD',
    since: '2025-06-18',
    summary:
      'Refresh an expired access token with grant_type=refresh_token, the latest refresh token (rotated ones never again), resource and the registered client authentication.',
    source: 'OAuth 2.1 §4.3; RFC 8707 §2.2',
    url: rfc(8707, '2.2'),
  },
  {
    id: 'SCP-2',
    level: 'SHOULD',
    since: '2026-07-28',
    summary: 'Request offline_access only when the authorization server lists it in scopes_supported.',
    source: 'MCP 2026-07-28 Authorization › Refresh Tokens',
    url: authz('2026-07-28', 'refresh-tokens'),
  },
];

REQUIREMENTS.push(
  {
    id: 'TOK-3',
    level: 'MUST',
    since: '2025-06-18',
    summary: "Send an MCP server only tokens issued for it by its own authorization server, never another server's.",
    source: 'MCP 2025-06-18 Authorization › Token Handling',
    url: authz('2025-06-18', 'token-handling'),
  },
  {
    id: 'ASM-4',
    level: 'SHOULD',
    since: '2025-03-26',
    summary: 'Without protected resource metadata (2025-03-26 servers), seek metadata at the MCP origin, else use /authorize, /token and /register there.',
    source: 'MCP 2025-03-26 Authorization › Authorization Base URL; Fallbacks for Servers without Metadata Discovery',
    url: authz('2025-03-26', 'fallbacks-for-servers-without-metadata-discovery'),
  },
  {
    id: 'SEC-2',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'Open only http(s) authorization URLs, never through a shell.',
    source: 'MCP Security Best Practices › OAuth Authorization URL Validation',
    url: `${MCP}/2025-11-25/basic/security_best_practices`,
  },
);

REQUIREMENTS.push({
  id: 'PRM-6',
  level: 'MUST',
  since: '2026-07-28',
  summary:
    'Keep client credentials and tokens per authorization server (by issuer): when the resource moves to another one, register there and send it nothing of the old one.',
  source: 'MCP 2026-07-28 Authorization › Authorization Server Binding (SEP-2352)',
  url: authz('2026-07-28', 'authorization-server-binding'),
});

// Issue 20 (scenarios the official suite lacks, answers real servers send): scenarios/checks/token-answers.ts,
// error-response-iss.ts and preregistered-binding.ts.
REQUIREMENTS.push(
  {
    id: 'TRS-1',
    level: 'MUST',
    since: '2025-06-18',
    summary:
      'Use a token response as RFC 6749 §5.1 shapes it: token_type in any case, without the optional scope, refresh_token or expires_in, ignoring members it does not know.',
    source: 'RFC 6749 §5.1 (Successful Response)',
    url: rfc(6749, '5.1'),
  },
  {
    id: 'ISSR-1',
    level: 'MUST',
    since: '2026-07-28',
    summary:
      'An error authorization response whose iss is not the recorded issuer is not acted on: its error, error_description and error_uri are not displayed.',
    source: 'MCP 2026-07-28 Authorization › Authorization Response Validation; RFC 9207 §2.4',
    url: authz('2026-07-28', 'authorization-response-validation'),
  },
  {
    id: 'BIND-1',
    level: 'SHOULD',
    since: '2026-07-28',
    summary:
      'Pre-registered credentials belong to the authorization server that issued them: when the resource names another, surface an error rather than silently use them there.',
    source: 'MCP 2026-07-28 Authorization › Client Registration › Authorization Server Binding',
    url: `${MCP}/2026-07-28/basic/authorization/client-registration#authorization-server-binding`,
  },
);

// Parity with the official suite's 0.2.0-alpha checks (docs/official-suite-parity.md): the parts of RES-2 and REG-4
// of the digest whose level or revision differs from the requirement they were folded into.
REQUIREMENTS.push(
  {
    id: 'RES-4',
    level: 'SHOULD',
    since: '2025-06-18',
    summary:
      'Send the resource in its canonical form, as the PRM publishes it: lowercase scheme and host, no trailing slash unless significant (an RFC 3986 equivalent form names the same server but is not canonical).',
    source: 'MCP 2025-06-18 Authorization › Canonical Server URI (the note on the trailing slash)',
    url: authz('2025-06-18', 'canonical-server-uri'),
  },
  {
    id: 'REG-7',
    level: 'MUST',
    since: '2026-07-28',
    summary: 'Specify an appropriate application_type ("native" or "web") during dynamic client registration.',
    source: 'MCP 2026-07-28 Authorization › Client Registration › Application Type and Redirect URI Constraints (SEP-837)',
    url: `${MCP}/2026-07-28/basic/authorization/client-registration#application-type-and-redirect-uri-constraints`,
  },
  {
    id: 'REF-2',
    level: 'SHOULD',
    since: '2026-07-28',
    summary: 'A client that wants refresh tokens includes refresh_token in the grant_types of its client metadata.',
    source: 'MCP 2026-07-28 Authorization › Refresh Tokens (SEP-2207)',
    url: authz('2026-07-28', 'refresh-tokens'),
  },
);

REQUIREMENTS.push(...DPOP_REQUIREMENTS);
// Issue 20 item 3: normative sentences of 2026-07-28 and of the RFC sections it makes normative that no requirement
// above carried (the sentence list is scenarios/normative-sentences.ts).
REQUIREMENTS.push(
  {
    id: 'REF-3',
    level: 'MUST',
    since: '2026-07-28',
    summary: 'Do not assume a refresh token will be issued: without one, use the access token, and never send a refresh grant.',
    source: 'MCP 2026-07-28 Authorization › Refresh Tokens',
    url: authz('2026-07-28', 'refresh-tokens'),
  },
  {
    id: 'PKCE-5',
    level: 'MUST',
    since: '2025-03-26',
    summary: 'A new code_verifier for every authorization request: no two authorization requests carry the same code_challenge.',
    source: 'OAuth 2.1 §4.1.1 (by MCP: "MUST implement PKCE according to OAuth 2.1")',
    url: 'https://datatracker.ietf.org/doc/html/draft-ietf-oauth-v2-1#section-4.1.1',
  },
  {
    id: 'REG-8',
    level: 'SHOULD',
    since: '2026-07-28',
    summary:
      'A native application (loopback or private-use scheme redirect URIs) registers with application_type "native", a remote web application with "web".',
    source: 'MCP 2026-07-28 Authorization › Client Registration › Application Type and Redirect URI Constraints',
    url: `${MCP}/2026-07-28/basic/authorization/client-registration#application-type-and-redirect-uri-constraints`,
  },
  {
    id: 'REG-9',
    level: 'MUST',
    since: '2025-03-26',
    summary:
      'With client_secret_basic, form-encode client_id and client_secret (application/x-www-form-urlencoded) before they become the Basic user name and password.',
    source: 'RFC 6749 §2.3.1; OAuth 2.1 §2.4.1',
    url: rfc(6749, '2.3.1'),
  },
);
REQUIREMENTS.push(...EXTENSION_REQUIREMENTS);

const BY_ID = new Map(REQUIREMENTS.map((r) => [r.id, r]));

export function requirement(id: string): Requirement {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown requirement id ${id}`);
  return found;
}

/**
 * The requirement as cited at `revision`: its source and link are those of the text in force there
 * (scenarios/requirement-quotes.ts), so a scenario judged at 2025-06-18 cites the 2025-06-18 page, not the newest.
 */
export function requirementAt(id: string, revision: SpecVersion): Requirement {
  const found = requirement(id);
  const quotes = quotesAt(id, revision)?.quotes ?? [];
  const [first] = quotes;
  if (!first) return found;
  return { ...found, source: [...new Set(quotes.map((q) => q.source))].join('; '), url: first.url };
}

/** Adds a requirement beside the catalogue's own, for code that embeds the harness and for tests; its id must be new. */
export function registerRequirement(added: Requirement): void {
  if (BY_ID.has(added.id)) throw new Error(`a requirement with id ${added.id} exists already`);
  REQUIREMENTS.push(added);
  BY_ID.set(added.id, added);
}

export function allRequirements(): readonly Requirement[] {
  return REQUIREMENTS;
}
