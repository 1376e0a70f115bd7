// Requirements of the authorization extensions the extensions suite judges (client credentials, workload identity
// federation, enterprise-managed authorization), with the sentences that make them what they are. Data only, spread
// into scenarios/requirements.ts and scenarios/requirement-quotes.ts.
//
// Extension texts: modelcontextprotocol/ext-auth at 3237554 (2025-10-24), specification/draft/*.mdx (rendered: bold
// marks and link targets dropped). RFC texts as published.
import type { Quote, RequirementText } from './requirement-text.js';
import type { Requirement } from './types.js';

const EXT_AUTH = 'https://github.com/modelcontextprotocol/ext-auth/blob/main/specification/draft';
const CC_URL = `${EXT_AUTH}/oauth-client-credentials.mdx`;
const EMA_URL = `${EXT_AUTH}/enterprise-managed-authorization.mdx`;

const rfc = (n: number, section: string, title: string, text: string): Quote => ({
  source: `RFC ${n} §${section} (${title})`,
  url: `https://www.rfc-editor.org/rfc/rfc${n}#section-${section}`,
  text,
});
const cc = (section: string, text: string): Quote => ({ source: `MCP extension Client Credentials (SEP-1046) › ${section}`, url: CC_URL, text });
const ema = (section: string, text: string): Quote => ({ source: `MCP extension Enterprise-Managed Authorization (SEP-990) › ${section}`, url: EMA_URL, text });
const oidcCore9 = (text: string): Quote => ({
  source: 'OpenID Connect Core 1.0 §9 (Client Authentication, private_key_jwt)',
  url: 'https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication',
  text,
});

const RFC7523_AUD = rfc(
  7523,
  '3',
  'JWT Format and Processing Requirements',
  'The JWT MUST contain an "aud" (audience) claim containing a value that identifies the authorization server as an intended audience.',
);
const RFC7523_EXP = rfc(
  7523,
  '3',
  'JWT Format and Processing Requirements',
  'The JWT MUST contain an "exp" (expiration time) claim that limits the time window during which the JWT can be used.',
);
const RFC7523_SIGNED = rfc(
  7523,
  '3',
  'JWT Format and Processing Requirements',
  'The JWT MUST be digitally signed or have a Message Authentication Code (MAC) applied by the issuer.',
);

export const EXTENSION_REQUIREMENTS: Requirement[] = [
  {
    id: 'EXT-CC-1',
    level: 'MUST',
    since: '2025-11-25',
    summary: 'Client credentials extension: request the token with grant_type=client_credentials.',
    source: 'MCP extension Client Credentials (SEP-1046); RFC 6749 §4.4.2',
    url: CC_URL,
  },
  {
    id: 'EXT-CC-2',
    level: 'MUST',
    since: '2025-11-25',
    summary: 'Client credentials with a secret: client_secret_basic with the form-urlencoded client_id and secret, one method per request.',
    source: 'MCP extension Client Credentials (SEP-1046) › Client Authentication Methods; RFC 6749 §2.3.1',
    url: CC_URL,
  },
  {
    id: 'EXT-CC-3',
    level: 'MUST',
    since: '2025-11-25',
    summary:
      'private_key_jwt: an RFC 7523 §2.2 client assertion signed with the client key, iss = sub = client_id, aud the authorization server, exp, a single-use jti.',
    source: 'MCP extension Client Credentials (SEP-1046) › Client Authentication Methods; RFC 7523 §2.2, §3; OpenID Connect Core §9',
    url: CC_URL,
  },
  {
    id: 'EXT-WIF-1',
    level: 'MUST',
    since: '2025-11-25',
    summary: 'Workload identity federation: grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer with the workload assertion as assertion.',
    source: 'MCP extension Workload Identity Federation (SEP-1933); RFC 7523 §2.1',
    url: 'https://www.rfc-editor.org/rfc/rfc7523#section-2.1',
  },
  {
    id: 'EXT-WIF-2',
    level: 'MUST',
    since: '2025-11-25',
    summary: "The assertion is the workload issuer's signed JWT, with this authorization server as aud and an exp not passed.",
    source: 'MCP extension Workload Identity Federation (SEP-1933); RFC 7523 §3',
    url: 'https://www.rfc-editor.org/rfc/rfc7523#section-3',
  },
  {
    id: 'EXT-WIF-3',
    level: 'SHOULD',
    since: '2025-11-25',
    summary: 'Workload identity federation: surface a refused jwt-bearer grant instead of retrying it or switching grant types.',
    source: 'MCP extension Workload Identity Federation (SEP-1933); RFC 6749 §5.2',
    url: 'https://www.rfc-editor.org/rfc/rfc6749#section-5.2',
  },
  {
    id: 'EXT-EMA-1',
    level: 'MUST',
    since: '2025-11-25',
    summary:
      'Enterprise-managed authorization: an RFC 8693 token exchange of the id_token at the IdP for an ID-JAG, audience the MCP authorization server, resource the MCP server.',
    source: 'MCP extension Enterprise-Managed Authorization (SEP-990) › Token Exchange',
    url: EMA_URL,
  },
  {
    id: 'EXT-EMA-2',
    level: 'MUST',
    since: '2025-11-25',
    summary: 'Enterprise-managed authorization: a jwt-bearer grant of the ID-JAG at the MCP authorization server, authenticated as registered there.',
    source: 'MCP extension Enterprise-Managed Authorization (SEP-990) › Access Token Request',
    url: EMA_URL,
  },
];

const since = (quotes: Quote[], inference?: string): RequirementText[] => [{ from: '2025-11-25', quotes, ...(inference ? { inference } : {}) }];

export const EXTENSION_REQUIREMENT_QUOTES: Record<string, readonly RequirementText[]> = {
  'EXT-CC-1': since([
    cc(
      'Client Credentials Flow',
      'The Client Credentials flow enables machine-to-machine authentication without user interaction. This flow requires pre-registered client credentials, which are typically established out-of-band through administrative channels.',
    ),
    rfc(6749, '4.4.2', 'Access Token Request', 'grant_type REQUIRED. Value MUST be set to "client_credentials".'),
  ]),
  'EXT-CC-2': since([
    cc('Client Authentication Methods', 'Clients MUST authenticate using one of these methods:'),
    rfc(
      6749,
      '2.3.1',
      'Client Password',
      'The client identifier is encoded using the "application/x-www-form-urlencoded" encoding algorithm per Appendix B, and the encoded value is used as the username; the client password is encoded using the same algorithm and used as the password.',
    ),
    rfc(6749, '2.3', 'Client Authentication', 'The client MUST NOT use more than one authentication method in each request.'),
  ]),
  'EXT-CC-3': since([
    cc('Client Authentication Methods', 'Clients use JWT Authentication as defined in RFC 7523 Section 2.2.'),
    rfc(7523, '3', 'JWT Format and Processing Requirements', 'For client authentication, the subject MUST be the "client_id" of the OAuth client.'),
    oidcCore9('iss REQUIRED. Issuer. This MUST contain the client_id of the OAuth Client.'),
    RFC7523_AUD,
    RFC7523_EXP,
    oidcCore9(
      'jti REQUIRED. JWT ID. A unique identifier for the token, which can be used to prevent reuse of the token. These tokens MUST only be used once, unless conditions for reuse were negotiated between the parties; any such negotiation is beyond the scope of this specification.',
    ),
  ]),
  'EXT-WIF-1': since([
    rfc(7523, '2.1', 'Using JWTs as Authorization Grants', 'The value of the "assertion" parameter MUST contain a single JWT.'),
    rfc(7523, '2.1', 'Using JWTs as Authorization Grants', 'The value of the "grant_type" is "urn:ietf:params:oauth:grant-type:jwt-bearer".'),
  ]),
  'EXT-WIF-2': since(
    [RFC7523_SIGNED, RFC7523_AUD, RFC7523_EXP],
    'The RFC 7523 §3 rules bind the workload issuer that makes the assertion; a client that forwards one is judged on forwarding the assertion its platform issued for this authorization server, unexpired (the official wif-assertion-verified, -audience, -expired, -malformed checks).',
  ),
  'EXT-WIF-3': since(
    [
      rfc(
        6749,
        '5.2',
        'Error Response',
        'invalid_grant The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
      ),
      rfc(6749, '5.2', 'Error Response', 'unauthorized_client The authenticated client is not authorized to use this authorization grant type.'),
    ],
    'SEP-1933 has a workload client surface invalid_grant, invalid_scope and unauthorized_client without retrying or switching grant types (the official wif-no-retry and wif-grant-fallback warnings): the same assertion is refused again, and a workload has no other grant. Judged at SHOULD, as the official suite warns.',
  ),
  'EXT-EMA-1': since([
    ema(
      'Token Exchange',
      "To request a JWT Assertion Grant, the MCP Client MUST make a Token Exchange (RFC8693) request to the IdP's Token Endpoint with the following parameters:",
    ),
    ema('Token Exchange', "audience REQUIRED The Issuer URL of the MCP server's authorization server."),
    ema('Token Exchange', 'resource REQUIRED The RFC9728 Resource Identifier of the MCP server.'),
  ]),
  'EXT-EMA-2': since([
    ema('Access Token Request', 'grant_type REQUIRED MUST be urn:ietf:params:oauth:grant-type:jwt-bearer'),
    ema('Access Token Request', 'assertion REQUIRED The Identity Assertion JWT Authorization Grant obtained in the previous token exchange step'),
    ema('Access Token Request', "The MCP Client authenticates with its credentials as registered with the MCP Server's authorization server."),
  ]),
};
