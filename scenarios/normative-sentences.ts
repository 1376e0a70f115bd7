// Client-side sentences of the 2026-07-28 authorization text (and of the RFC sections it makes normative) that issue 20
// item 3 found without a check, each with the checks that judge it or why traffic cannot show it. Data only:
// docs/requirements-matrix.md lists them, and tests/unit/normative-sentences.test.ts fails when a check named here
// does not exist or runs in no scenario.
import type { CheckId } from './types.js';

export interface NormativeSentence {
  /** The sentence, verbatim (Markdown emphasis dropped). */
  text: string;
  level: 'MUST' | 'MUST NOT' | 'SHOULD';
  /** Document and section. */
  source: string;
  /** Checks that judge it, with the scenarios where it shows. */
  checks: CheckId[];
  /** Where it shows, or, without checks, why traffic cannot show it (docs/decisions.md has the reasoning). */
  note: string;
}

const REGISTRATION = 'MCP 2026-07-28 Authorization › Client Registration › Application Type and Redirect URI Constraints';

export const NORMATIVE_SENTENCES: NormativeSentence[] = [
  {
    text: 'MCP clients MUST be prepared to handle registration failures due to redirect URI constraints when authorization servers implement OIDC.',
    level: 'MUST',
    source: REGISTRATION,
    checks: ['asm-endpoints-from-metadata', 'token-endpoint-auth-method', 'registration-method-retry'],
    note: 'registration-refused-redirect-uri (400 invalid_redirect_uri from an OIDC server), registration-refused-auth0 and registration-refused-keycloak answer the registration with an error: a client must neither invent endpoints nor use a client_id never issued; dcr-unsupported-method-refused (interop) answers 400 invalid_client_metadata, after which registering again with a listed method lets the user in.',
  },
  {
    text: 'When a registration request is rejected, clients SHOULD surface a meaningful error to the user or developer.',
    level: 'SHOULD',
    source: REGISTRATION,
    checks: [],
    note: 'The error reaches the user on the client\'s own screen, not in HTTP traffic; the account of a failed scenario quotes what the client said (docs/decisions.md, "Registration failures surfaced").',
  },
  {
    text: 'MCP clients MUST specify an appropriate application_type during Dynamic Client Registration.',
    level: 'MUST',
    source: REGISTRATION,
    checks: ['application-type'],
    note: 'Every scenario with dynamic registration, at 2026-07-28.',
  },
  {
    text: 'Native applications (desktop applications, mobile apps, CLI tools, and locally-hosted web applications accessed via localhost) SHOULD use application_type: "native"',
    level: 'SHOULD',
    source: REGISTRATION,
    checks: ['application-type-matches-redirect'],
    note: "A registration whose redirect URIs are loopback or a private-use scheme is a native application's.",
  },
  {
    text: 'Web applications (remote browser-based applications served from a non-local host) SHOULD use application_type: "web"',
    level: 'SHOULD',
    source: REGISTRATION,
    checks: [],
    note: 'A remote https redirect URI may be a web application\'s or a native app\'s claimed https URL, and every client the harness drives runs on this machine (docs/decisions.md, "application_type by redirect kind").',
  },
  {
    text: 'MUST NOT assume refresh tokens will be issued; the AS retains discretion',
    level: 'MUST NOT',
    source: 'MCP 2026-07-28 Authorization › Refresh Tokens',
    checks: ['refresh-token-not-assumed'],
    note: 'The -no-refresh variants of step-up, step-up-unadvertised-scope, step-up-never-enough and invalid-token-loop, whose authorization server issues no refresh token.',
  },
  {
    text: "Before redirecting the user-agent, the client MUST record the issuer value from the selected authorization server's validated metadata document … and associate it with the same per-request record used to store the PKCE code verifier",
    level: 'MUST',
    source: 'MCP 2026-07-28 Authorization › Authorization Response Validation',
    checks: ['iss-validated'],
    note: 'The record is client state; traffic shows its use only: the iss-* scenarios (a wrong, missing or normalized iss refused before the code is redeemed, a correct one accepted) and authorization-server-migration (docs/decisions.md, "The issuer recorded per request").',
  },
  {
    text: 'Clients MUST NOT assume any particular set relationship between the challenged scope set and scopes_supported.',
    level: 'MUST NOT',
    source: 'MCP 2026-07-28 Authorization › Scope Selection Strategy',
    checks: ['step-up', 'scope-selection'],
    note: 'step-up-unadvertised-scope (and its -no-refresh variant): the 403 challenge names mcp:write, which scopes_supported does not list; a client that filters the challenge by scopes_supported re-authorizes without it. Judged at SHOULD, the level of what to request when re-authorizing (docs/decisions.md, "Challenged scopes and scopes_supported").',
  },
  {
    text: 'The metadata document MUST include at least the following properties: client_id, client_name, redirect_uris',
    level: 'MUST',
    source: 'MCP 2026-07-28 Authorization › Client Registration › Client ID Metadata Documents',
    checks: ['registration-cimd', 'cimd-client-name'],
    note: 'cimd, for a document the authorization server could fetch (on loopback); client_id and redirect_uris are compared with the flow, client_name must be present.',
  },
  {
    text: 'The code_verifier is a unique high-entropy cryptographically random string generated for each authorization request',
    level: 'MUST',
    source: 'OAuth 2.1 §4.1.1 (MCP: "MUST implement PKCE according to OAuth 2.1")',
    checks: ['pkce-fresh-verifier'],
    note: 'Scenarios with more than one authorization request: step-up, step-up-unadvertised-scope and their -no-refresh variants.',
  },
  {
    text: 'The client identifier is encoded using the "application/x-www-form-urlencoded" encoding algorithm per Appendix B, and the encoded value is used as the username; the client password is encoded using the same algorithm and used as the password.',
    level: 'MUST',
    source: 'RFC 6749 §2.3.1 (OAuth 2.1 §2.4.1)',
    checks: ['client-secret-basic-encoded'],
    note: 'dcr-client-secret-basic-encoded, whose authorization server issues a client_id with "+" and a standard-base64 secret.',
  },
  {
    text: 'redirect_uri REQUIRED, if the "redirect_uri" parameter was included in the authorization request as described in Section 4.1.1, and their values MUST be identical.',
    level: 'MUST',
    source: 'RFC 6749 §4.1.3',
    checks: ['redirect-uri'],
    note: 'Every authorization code scenario: a token request that repeats redirect_uri must repeat it unchanged.',
  },
  {
    text: 'This validation applies equally to error responses - on mismatch the client MUST NOT act on or display error, error_description, or error_uri.',
    level: 'MUST NOT',
    source: 'MCP 2026-07-28 Authorization › Authorization Flow Steps › Authorization Response Validation',
    checks: ['iss-error-not-displayed', 'iss-error-not-acted-on'],
    note: "iss-mismatched-error: an error response with another server's iss reaches the redirect URI before the genuine response. Displaying it is judged at MUST; acting on it (giving the flow up) at SHOULD, since RFC 9207 §2.4 also lets a client drop a grant whose iss mismatched (docs/decisions.md).",
  },
  {
    text: 'If the authorization server indicated by protected resource metadata no longer matches the one the credentials were registered with, clients SHOULD surface an error rather than silently attempting to use mismatched credentials.',
    level: 'SHOULD',
    source: 'MCP 2026-07-28 Authorization › Client Registration › Authorization Server Binding',
    checks: ['preregistered-credentials-bound'],
    note: 'preregistered-authorization-server-changed: the pre-registered credentials sent to the new authorization server are judged at MUST (client credentials of another server MUST NOT be reused); the error surfaced instead has no traffic of its own.',
  },
];
