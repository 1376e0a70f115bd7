// Why each requirement of scenarios/requirements.ts is a MUST, SHOULD or MAY: the sentence(s) of the specification
// that say so, per revision where the wording changed. Data only; docs/client-verdicts.md cites them beside every
// failed check, and tests/unit/requirement-quotes.test.ts fails when a requirement, or a revision at which a check
// judges it, has none.
//
// Quotes are verbatim as the page renders them (Markdown emphasis and link targets dropped, line breaks joined).
// MCP texts: modelcontextprotocol/modelcontextprotocol at b0f60ba (2026-08-22), docs/specification/<revision>/basic/
// authorization.mdx, docs/specification/2026-07-28/basic/authorization/*.mdx and docs/docs/<revision>/tutorials/
// security/security_best_practices.mdx. RFC texts: the RFCs as published (RFC 9728, RFC 8707 from full copies; the
// other RFC sentences from verbatim passages that several independent sources quote alike).
//
// Where the level the harness judges is its own inference (marked [inf] in the requirement digest), `inference`
// says so and why; the quotes beside it are then the nearest text, not a sentence that states the requirement.
import { revisionsSince } from './revision.js';
import { SPEC_VERSIONS, type SpecVersion } from './types.js';
import type { Quote, QuoteRevision, RequirementText } from './requirement-text.js';
import { DPOP_QUOTES } from './requirements-dpop.js';
import { EXTENSION_REQUIREMENT_QUOTES } from './requirements-extensions.js';

export const SPEC_SNAPSHOT = 'modelcontextprotocol/modelcontextprotocol@b0f60ba (2026-08-22)';

/** The types, for readers of the quotes (requirement-text.ts holds them so the extension tables need not import this one). */
export type { Quote, QuoteRevision, RequirementText } from './requirement-text.js';
export const QUOTE_REVISIONS: readonly QuoteRevision[] = ['2025-03-26', ...SPEC_VERSIONS];

const SITE = 'https://modelcontextprotocol.io';
const R26 = '2026-07-28';

/** The single authorization page of 2025-03-26 to 2025-11-25, or the overview page of 2026-07-28. */
function mcp(rev: QuoteRevision, section: string, anchor: string, text: string): Quote {
  return { source: `MCP ${rev} Authorization › ${section}`, url: `${SITE}/specification/${rev}/basic/authorization#${anchor}`, text };
}

const PAGES_2026 = {
  'authorization-server-discovery': 'Authorization Server Discovery',
  'client-registration': 'Client Registration',
  'security-considerations': 'Security Considerations',
} as const;

/** One of the pages the 2026-07-28 authorization text is split into. */
function mcp26(page: keyof typeof PAGES_2026, section: string, anchor: string, text: string): Quote {
  return {
    source: `MCP ${R26} Authorization › ${PAGES_2026[page]} › ${section}`,
    url: `${SITE}/specification/${R26}/basic/authorization/${page}#${anchor}`,
    text,
  };
}

/** The Security Best Practices guide as the snapshot publishes it for a revision. */
function bestPractices(rev: SpecVersion, text: string): Quote {
  return {
    source: `MCP Security Best Practices (guide for ${rev}) › OAuth Authorization URL Validation › Mitigation`,
    url: `${SITE}/docs/${rev}/tutorials/security/security_best_practices#oauth-authorization-url-validation`,
    text,
  };
}

function rfc(n: number, section: string, title: string, text: string): Quote {
  return { source: `RFC ${n} §${section} (${title})`, url: `https://www.rfc-editor.org/rfc/rfc${n}#section-${section}`, text };
}

const oauth21 = (section: string, title: string, text: string): Quote => ({
  source: `OAuth 2.1 (draft-ietf-oauth-v2-1, wording of draft -08) §${section} (${title})`,
  url: `https://datatracker.ietf.org/doc/html/draft-ietf-oauth-v2-1-08#section-${section}`,
  text,
});

// Sentences used by several requirements.

const RFC9728_3_3 = [
  rfc(
    9728,
    '3.3',
    'Protected Resource Metadata Validation',
    "The resource value returned MUST be identical to the protected resource's resource identifier value into which the well-known URI path suffix was inserted to create the URL used to retrieve the metadata. If these values are not identical, the data contained in the response MUST NOT be used.",
  ),
  rfc(
    9728,
    '3.3',
    'Protected Resource Metadata Validation',
    'If the protected resource metadata was retrieved from a URL returned by the protected resource via the `WWW-Authenticate` `resource_metadata` parameter, then the `resource` value returned MUST be identical to the URL that the client used to make the request to the resource server. If these values are not identical, the data contained in the response MUST NOT be used.',
  ),
];
const RFC8414_3_3 = rfc(
  8414,
  '3.3',
  'Authorization Server Metadata Validation',
  'The "issuer" value returned MUST be identical to the authorization server\'s issuer identifier value into which the well-known URI string was inserted to create the URL used to retrieve the metadata. If these values are not identical, the data contained in the response MUST NOT be used.',
);
const OIDC_4_3: Quote = {
  source: 'OpenID Connect Discovery 1.0 §4.3 (OpenID Provider Configuration Validation)',
  url: 'https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationValidation',
  text: 'The issuer value returned MUST be identical to the Issuer URL that was used as the prefix to /.well-known/openid-configuration to retrieve the configuration information.',
};
const RFC9207_2_4 = rfc(
  9207,
  '2.4',
  'Validating the Issuer Identifier',
  'If the value does not match the expected issuer identifier, clients MUST reject the authorization response and MUST NOT proceed with the authorization grant.',
);
const BINDING_REREGISTER = mcp26(
  'client-registration',
  'Authorization Server Binding',
  'authorization-server-binding',
  'When the authorization server changes (detected via updated protected resource metadata), clients MUST NOT reuse client credentials from a different authorization server and MUST re-register with the new authorization server.',
);
const RFC7636_4_2 = rfc(
  7636,
  '4.2',
  'Client Creates the Code Challenge',
  'If the client is capable of using "S256", it MUST use "S256", as "S256" is Mandatory To Implement (MTI) on the server.',
);
const RFC7636_4_3 = rfc(
  7636,
  '4.3',
  'Client Sends the Code Challenge with the Authorization Request',
  'code_challenge_method OPTIONAL, defaults to "plain" if not present in the request.',
);
const RFC8707_2 = rfc(
  8707,
  '2',
  'Resource Parameter',
  'Its value MUST be an absolute URI, as specified by Section 4.3 of [RFC3986]. The URI MUST NOT include a fragment component.',
);
const RFC8707_2_2 = rfc(
  8707,
  '2.2',
  'Access Token Request',
  'When the resource parameter is used on an access token request made to the token endpoint, for all grant types, it indicates the target service or protected resource where the client intends to use the requested access token.',
);
const RFC7591_2_REDIRECT = rfc(
  7591,
  '2',
  'Client Metadata',
  'As required by Section 2 of OAuth 2.0 [RFC6749], clients using flows with redirection MUST register their redirection URI values.',
);
const RFC6749_4_1_3_REDIRECT = rfc(
  6749,
  '4.1.3',
  'Access Token Request',
  'redirect_uri REQUIRED, if the "redirect_uri" parameter was included in the authorization request as described in Section 4.1.1, and their values MUST be identical.',
);
const RFC6749_6 = rfc(
  6749,
  '6',
  'Refreshing an Access Token',
  'The authorization server MAY issue a new refresh token, in which case the client MUST discard the old refresh token and replace it with the new refresh token.',
);
const RFC6750_3_1 = rfc(
  6750,
  '3.1',
  'Error Codes',
  'invalid_token The access token provided is expired, revoked, malformed, or invalid for other reasons. The resource SHOULD respond with the HTTP 401 (Unauthorized) status code. The client MAY request a new access token and retry the protected resource request.',
);
const RFC9728_5_2 = rfc(
  9728,
  '5.2',
  'Changes to Resource Metadata',
  'If the client receives such a WWW-Authenticate response, it SHOULD retrieve the updated protected resource metadata and use the new metadata values obtained, after validating them as described in Section 3.3.',
);

/**
 * FLOW-1 rests on WWW-1's MUST ("respond appropriately" to the 401), read as: against a topology the specification
 * defines, the response ends in the retried request with the token (RFC 9728 §5's last step).
 */
const FLOW_INFERENCE =
  'The MUST is "respond appropriately" to the 401; the harness reads it, for topologies the specification defines, as ending where every revision draws the flow: the MCP request retried with the access token. A failure here usually follows from another failed check of the same scenario; alone, it means the client could not complete a flow the specification defines (scenarios where completing it is not required judge it at SHOULD, with the reason), or the driver stopped (then it is not judged).';
const FLOW_RFC9728 = rfc(
  9728,
  '5',
  'Use of WWW-Authenticate for Protected Resource Metadata',
  'The client repeats the resource request from step 1, presenting the newly obtained access token.',
);
const PARSE_401 =
  'MCP clients MUST be able to parse `WWW-Authenticate` headers and respond appropriately to `HTTP 401 Unauthorized` responses from the MCP server.';
const BOTH_PRM_MECHANISMS =
  'MCP clients MUST support both discovery mechanisms and use the resource metadata URL from the parsed `WWW-Authenticate` headers when present; otherwise, they MUST fall back to constructing and requesting the well-known URIs in the order listed above.';
const USE_PRM = 'MCP clients MUST use OAuth 2.0 Protected Resource Metadata for authorization server discovery.';
const SUPPORT_BOTH_AS = 'MCP clients MUST support both discovery mechanisms to obtain the information required to interact with the authorization server.';
const FOLLOW_RFC8414 =
  'MCP clients MUST follow the OAuth 2.0 Authorization Server Metadata RFC8414 specification to obtain the information required to interact with the authorization server.';
const AS_ORDER_PATH =
  'For issuer URLs with path components (e.g., `https://auth.example.com/tenant1`), clients MUST try endpoints in the following priority order:';
const AS_ORDER_ROOT = 'For issuer URLs without path components (e.g., `https://auth.example.com`), clients MUST try:';
/** The OAuth 2.1 editor's copy (oauth-wg/oauth-v2-1, draft-ietf-oauth-v2-1.md), the text MCP's PKCE sentence points to. */
const OAUTH21_VERIFIER: Quote = {
  source: "OAuth 2.1 (draft-ietf-oauth-v2-1, editor's copy) §4.1.1 (Authorization Request)",
  url: 'https://datatracker.ietf.org/doc/html/draft-ietf-oauth-v2-1#section-4.1.1',
  text: 'The `code_verifier` is a unique high-entropy cryptographically random string generated for each authorization request',
};
const PKCE_06 = 'To mitigate this, MCP clients MUST implement PKCE according to OAuth 2.1 Section 7.5.2.';
const PKCE_11 =
  'To mitigate this, MCP clients MUST implement PKCE according to OAuth 2.1 Section 7.5.2 and MUST verify PKCE support before proceeding with authorization.';
const S256_11 = 'MCP clients MUST use the `S256` code challenge method when technically capable, as required by OAuth 2.1 Section 4.1.1.';
const PKCE_ABSENT_OAUTH =
  'OAuth 2.0 Authorization Server Metadata: If `code_challenge_methods_supported` is absent, the authorization server does not support PKCE and MCP clients MUST refuse to proceed.';
const PKCE_ABSENT_OIDC =
  'MCP clients MUST verify the presence of `code_challenge_methods_supported` in the provider metadata response. If the field is absent, MCP clients MUST refuse to proceed.';
const RESOURCE_BOTH = 'MUST be included in both authorization requests and token requests.';
const TRAILING_SLASH =
  'While both `https://mcp.example.com/` (with trailing slash) and `https://mcp.example.com` (without trailing slash) are technically valid absolute URIs according to RFC 3986, implementations SHOULD consistently use the form without the trailing slash for better interoperability unless the trailing slash is semantically significant for the specific resource.';
const MOST_SPECIFIC =
  'MCP clients SHOULD provide the most specific URI that they can for the MCP server they intend to access, following the guidance in RFC 8707.';
const RESOURCE_CANONICAL = 'MUST use the canonical URI of the MCP server as defined in RFC 8707 Section 2.';
const RESOURCE_REGARDLESS = 'MCP clients MUST send this parameter regardless of whether authorization servers support it.';
const REDIRECT_REGISTERED = 'MCP clients MUST have redirect URIs registered with the authorization server.';
const REDIRECT_LOCALHOST = 'All redirect URIs MUST be either `localhost` or use HTTPS.';
const STATE =
  'MCP clients SHOULD use and verify state parameters in the authorization code flow and discard any results that do not include or have a mismatch with the original state.';
const BEARER_HEADER = 'MCP client MUST use the Authorization request header field defined in OAuth 2.1 Section 5.1.1:';
const EVERY_REQUEST =
  'Note that authorization MUST be included in every HTTP request from client to server, even if they are part of the same logical session.';
const NO_QUERY = 'Access tokens MUST NOT be included in the URI query string';
const OWN_TOKENS = "MCP clients MUST NOT send tokens to the MCP server other than ones issued by the MCP server's authorization server.";
const STEP_UP_RESPOND =
  'Clients SHOULD respond to these errors by requesting a new access token with an increased set of scopes via a step-up authorization flow or handle the errors in other, appropriate ways.';
const STEP_UP_USER = 'Clients acting on behalf of a user SHOULD attempt the step-up authorization flow.';
const STEP_UP_RETRY = 'Retry the original request with the new authorization no more than a few times and treat this as a permanent authorization failure';
const RETRY_LIMITS =
  'Clients SHOULD implement retry limits and SHOULD track scope upgrade attempts to avoid repeated failures for the same resource and operation combination.';
const SCOPE_ORDER = 'During the initial authorization handshake, MCP clients SHOULD follow this priority order for scope selection:';
const SCOPE_1 = 'Use `scope` parameter from the initial `WWW-Authenticate` header in the 401 response, if provided';
const SCOPE_2 =
  'If `scope` is not available, use all scopes defined in `scopes_supported` from the Protected Resource Metadata document, omitting the `scope` parameter if `scopes_supported` is undefined.';
const PRIORITY_1 = 'Use pre-registered client information for the server if the client has it available';
const PRIORITY_3 =
  'Use Dynamic Client Registration as a fallback if the Authorization Server supports it (via `registration_endpoint` in OAuth Authorization Server Metadata)';
const CIMD_CHECK = 'MCP clients SHOULD check for this capability and MAY fall back to Dynamic Client Registration or pre-registration if unavailable.';
const CIMD_HTTPS = 'The `client_id` URL MUST use the "https" scheme and contain a path component, e.g. `https://example.com/client.json`';
const CIMD_PROPERTIES = 'The metadata document MUST include at least the following properties: `client_id`, `client_name`, `redirect_uris`';
const CIMD_MATCH = 'Clients MUST ensure the `client_id` value in the metadata matches the document URL exactly';
const DCR_06 =
  'MCP clients and authorization servers SHOULD support the OAuth 2.0 Dynamic Client Registration Protocol RFC7591 to allow MCP clients to obtain OAuth client IDs without user interaction.';
const DCR_11 =
  'MCP clients and authorization servers MAY support the OAuth 2.0 Dynamic Client Registration Protocol RFC7591 to allow MCP clients to obtain OAuth client IDs without user interaction.';
const DCR_06_OTHERWISE =
  'Hardcode a client ID (and, if applicable, client credentials) specifically for the MCP client to use when interacting with that authorization server, or';
const SBP_SCHEMES = [
  'MCP clients MUST validate authorization URLs and reject dangerous schemes:',
  'MUST only allow `http://` and `https://` schemes for authorization URLs.',
  'MUST reject `javascript:`, `data:`, `file:`, `vbscript:`, and other potentially dangerous schemes',
  'MUST NOT use shell commands (e.g., `cmd.exe`, `sh`, PowerShell) to open URLs',
];

/** Every revision of the authorization page from `from` on, each with the same sentences (a section of that page). */
function samePage(from: SpecVersion, section: string, anchor: string, texts: string[], extra: Quote[] = []): RequirementText[] {
  return revisionsSince(from).map((rev) => ({
    from: rev,
    until: rev,
    quotes: [...texts.map((t) => mcp(rev, section, anchor, t)), ...extra],
  }));
}

/** The 2025-03-26 fallback for servers without metadata, quoted by ASM-4 and ASM-5. */
const LEGACY_FALLBACKS = ['Fallbacks for Servers without Metadata Discovery', 'fallbacks-for-servers-without-metadata-discovery'] as const;
const LEGACY_DEFAULT_PATHS = mcp(
  '2025-03-26',
  ...LEGACY_FALLBACKS,
  'For servers that do not implement OAuth 2.0 Authorization Server Metadata, clients MUST use the following default endpoint paths relative to the authorization base URL:',
);
const LEGACY_METADATA_FIRST = mcp(
  '2025-03-26',
  ...LEGACY_FALLBACKS,
  'Clients MUST first attempt to discover endpoints via the metadata document before falling back to default paths.',
);

export const REQUIREMENT_QUOTES: Readonly<Record<string, readonly RequirementText[]>> = {
  ...DPOP_QUOTES,
  'WWW-1': [
    { from: '2025-06-18', until: '2025-06-18', quotes: [mcp('2025-06-18', 'Authorization Server Location', 'authorization-server-location', PARSE_401)] },
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [mcp('2025-11-25', 'Protected Resource Metadata Discovery Requirements', 'protected-resource-metadata-discovery-requirements', PARSE_401)],
    },
    {
      from: R26,
      quotes: [
        mcp26(
          'authorization-server-discovery',
          'Protected Resource Metadata Discovery Requirements',
          'protected-resource-metadata-discovery-requirements',
          PARSE_401,
        ),
      ],
    },
  ],
  'WWW-2': [
    {
      from: '2025-06-18',
      until: '2025-06-18',
      quotes: [
        mcp(
          '2025-06-18',
          'Authorization Server Location',
          'authorization-server-location',
          'MCP servers MUST use the HTTP header `WWW-Authenticate` when returning a 401 Unauthorized to indicate the location of the resource server metadata URL as described in RFC9728 Section 5.1 "WWW-Authenticate Response".',
        ),
        mcp('2025-06-18', 'Authorization Server Location', 'authorization-server-location', PARSE_401),
        rfc(9728, '5', 'Use of WWW-Authenticate for Protected Resource Metadata', 'The client fetches the protected resource metadata from this URL.'),
      ],
      inference:
        '2025-06-18 obliges servers to put the metadata URL in the 401 and clients to "respond appropriately"; fetching that URL (RFC 9728 §5, step 3) is what responding appropriately means. The explicit client sentence arrives in 2025-11-25.',
    },
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [
        mcp('2025-11-25', 'Protected Resource Metadata Discovery Requirements', 'protected-resource-metadata-discovery-requirements', BOTH_PRM_MECHANISMS),
      ],
    },
    {
      from: R26,
      quotes: [
        mcp26(
          'authorization-server-discovery',
          'Protected Resource Metadata Discovery Requirements',
          'protected-resource-metadata-discovery-requirements',
          BOTH_PRM_MECHANISMS,
        ),
      ],
    },
  ],
  'WWW-3': [
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [
        mcp(
          '2025-11-25',
          'Protected Resource Metadata Discovery Requirements',
          'protected-resource-metadata-discovery-requirements',
          'Clients MUST treat the scopes provided in the challenge as authoritative for satisfying the current request.',
        ),
      ],
    },
    {
      from: R26,
      quotes: [
        mcp(
          R26,
          'Scope Selection Strategy',
          'scope-selection-strategy',
          'Clients MUST treat the scopes provided in the challenge as authoritative for the current operation.',
        ),
      ],
    },
  ],
  'WWW-4': [
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [STEP_UP_RESPOND, STEP_UP_USER, STEP_UP_RETRY, RETRY_LIMITS].map((t) =>
        mcp('2025-11-25', 'Scope Challenge Handling › Step-Up Authorization Flow', 'step-up-authorization-flow', t),
      ),
    },
    {
      from: R26,
      quotes: [STEP_UP_RESPOND, STEP_UP_USER, STEP_UP_RETRY, RETRY_LIMITS].map((t) =>
        mcp(R26, 'Scope Challenge Handling › Step-Up Authorization Flow', 'step-up-authorization-flow', t),
      ),
    },
  ],
  'WWW-5': [
    {
      from: R26,
      quotes: [
        mcp(
          R26,
          'Scope Challenge Handling › Step-Up Authorization Flow',
          'step-up-authorization-flow',
          "Determine required scopes by computing the union of the client's previously requested scope set and the scopes from the current challenge.",
        ),
        mcp(
          R26,
          'Scope Selection Strategy',
          'scope-selection-strategy',
          'When re-authorizing, clients SHOULD include these scopes alongside any previously granted scopes to avoid losing permissions needed for other operations (see Step-Up Authorization Flow).',
        ),
      ],
    },
  ],
  'WWW-6': [
    {
      from: '2025-06-18',
      quotes: [RFC6750_3_1, RFC9728_5_2],
      inference:
        'No sentence bounds retries after a 401 invalid_token: the client MAY get a new token (RFC 6750 §3.1). The harness applies the step-up rule of 2025-11-25 ("no more than a few times", WWW-4) by analogy, at SHOULD, and counts a refresh as an attempt (docs/decisions.md: "A few" retries = at most 3).',
    },
  ],
  'PRM-1': [
    { from: '2025-06-18', until: '2025-06-18', quotes: [mcp('2025-06-18', 'Overview', 'overview', USE_PRM)] },
    { from: '2025-11-25', until: '2025-11-25', quotes: [mcp('2025-11-25', 'Overview', 'overview', USE_PRM)] },
    { from: R26, quotes: [mcp(R26, 'Overview', 'overview', USE_PRM)] },
  ],
  'PRM-2': [
    {
      from: '2025-06-18',
      until: '2025-06-18',
      quotes: [
        rfc(
          9728,
          '3',
          'Obtaining Protected Resource Metadata',
          "Protected resources supporting metadata MUST make a JSON document containing metadata as specified in Section 2 available at a URL formed by inserting a well-known URI string into the protected resource's resource identifier between the host component and the path and/or query components, if any.",
        ),
      ],
      inference:
        '2025-06-18 defines no probing order (servers must send the metadata URL in the 401); RFC 9728 §3 gives only the path-inserted URL. The harness judges the 2025-11-25 order at every revision: path-inserted first, the root URL only after it failed.',
    },
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [
        mcp('2025-11-25', 'Protected Resource Metadata Discovery Requirements', 'protected-resource-metadata-discovery-requirements', BOTH_PRM_MECHANISMS),
        mcp(
          '2025-11-25',
          'Protected Resource Metadata Discovery Requirements',
          'protected-resource-metadata-discovery-requirements',
          "At the path of the server's MCP endpoint: `https://example.com/public/mcp` could host metadata at `https://example.com/.well-known/oauth-protected-resource/public/mcp`",
        ),
        mcp(
          '2025-11-25',
          'Protected Resource Metadata Discovery Requirements',
          'protected-resource-metadata-discovery-requirements',
          'At the root: `https://example.com/.well-known/oauth-protected-resource`',
        ),
      ],
    },
    {
      from: R26,
      quotes: [
        mcp26(
          'authorization-server-discovery',
          'Protected Resource Metadata Discovery Requirements',
          'protected-resource-metadata-discovery-requirements',
          BOTH_PRM_MECHANISMS,
        ),
        mcp26(
          'authorization-server-discovery',
          'Protected Resource Metadata Discovery Requirements',
          'protected-resource-metadata-discovery-requirements',
          "At the path of the server's MCP endpoint: `https://example.com/public/mcp` could host metadata at `https://example.com/.well-known/oauth-protected-resource/public/mcp`",
        ),
        mcp26(
          'authorization-server-discovery',
          'Protected Resource Metadata Discovery Requirements',
          'protected-resource-metadata-discovery-requirements',
          'At the root: `https://example.com/.well-known/oauth-protected-resource`',
        ),
      ],
    },
  ],
  // RFC 9728's own MUST, binding on MCP clients through the MUST to use RFC 9728 metadata.
  'PRM-4': (['2025-06-18', '2025-11-25', R26] as const).map((rev) => ({
    from: rev,
    ...(rev === R26 ? {} : { until: rev }),
    quotes: [...RFC9728_3_3, mcp(rev, 'Overview', 'overview', USE_PRM)],
  })),
  'PRM-6': [
    {
      from: R26,
      quotes: [
        mcp26(
          'authorization-server-discovery',
          'Authorization Server Location',
          'authorization-server-location',
          'Clients MUST maintain separate registration state (client credentials, tokens) per authorization server and MUST NOT assume that credentials valid for one authorization server will be accepted by another.',
        ),
        BINDING_REREGISTER,
      ],
    },
  ],
  'ASM-1': [
    {
      from: '2025-06-18',
      until: '2025-06-18',
      quotes: [
        mcp('2025-06-18', 'Overview', 'overview', USE_PRM),
        mcp('2025-06-18', 'Overview', 'overview', 'MCP clients MUST use the OAuth 2.0 Authorization Server Metadata.'),
        mcp(
          '2025-06-18',
          'Authorization Server Location',
          'authorization-server-location',
          'The responsibility for selecting which authorization server to use lies with the MCP client, following the guidelines specified in RFC9728 Section 7.6 "Authorization Servers".',
        ),
      ],
    },
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [
        mcp('2025-11-25', 'Overview', 'overview', USE_PRM),
        mcp('2025-11-25', 'Overview', 'overview', SUPPORT_BOTH_AS),
        mcp(
          '2025-11-25',
          'Authorization Server Location',
          'authorization-server-location',
          'The responsibility for selecting which authorization server to use lies with the MCP client, following the guidelines specified in RFC9728 Section 7.6 "Authorization Servers".',
        ),
      ],
    },
    {
      from: R26,
      quotes: [
        mcp(R26, 'Overview', 'overview', USE_PRM),
        mcp(R26, 'Overview', 'overview', SUPPORT_BOTH_AS),
        mcp26(
          'authorization-server-discovery',
          'Authorization Server Location',
          'authorization-server-location',
          'The responsibility for selecting which authorization server to use lies with the MCP client, following the guidelines specified in RFC9728 Section 7.6 "Authorization Servers".',
        ),
      ],
    },
  ],
  'ASM-2': [
    {
      from: '2025-06-18',
      until: '2025-06-18',
      quotes: [mcp('2025-06-18', 'Server Metadata Discovery', 'server-metadata-discovery', FOLLOW_RFC8414)],
      inference:
        '2025-06-18 names RFC 8414 only, so no order between RFC 8414 and OpenID Connect URLs is required there; the harness judges the 2025-11-25 order at SHOULD before 2025-11-25 (asm-well-known-order rises to MUST at 2025-11-25).',
    },
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [AS_ORDER_PATH, AS_ORDER_ROOT].map((t) =>
        mcp('2025-11-25', 'Authorization Server Metadata Discovery', 'authorization-server-metadata-discovery', t),
      ),
    },
    {
      from: R26,
      quotes: [AS_ORDER_PATH, AS_ORDER_ROOT].map((t) =>
        mcp26('authorization-server-discovery', 'Authorization Server Metadata Discovery', 'authorization-server-metadata-discovery', t),
      ),
    },
  ],
  'ASM-3': [
    // RFC 8414 and OpenID Connect Discovery's own MUSTs, binding through MCP's MUST to follow them.
    {
      from: '2025-06-18',
      until: '2025-06-18',
      quotes: [RFC8414_3_3, OIDC_4_3, mcp('2025-06-18', 'Server Metadata Discovery', 'server-metadata-discovery', FOLLOW_RFC8414)],
    },
    { from: '2025-11-25', until: '2025-11-25', quotes: [RFC8414_3_3, OIDC_4_3, mcp('2025-11-25', 'Overview', 'overview', SUPPORT_BOTH_AS)] },
    {
      from: R26,
      quotes: [
        mcp26(
          'authorization-server-discovery',
          'Authorization Server Metadata Discovery',
          'authorization-server-metadata-discovery',
          'After retrieving a metadata document, MCP clients MUST validate it as required by RFC8414 Section 3.3 or OpenID Connect Discovery Section 4.3: the `issuer` value in the document MUST be identical to the issuer identifier used to construct the well-known URL. If they differ, the client MUST NOT use the metadata.',
        ),
      ],
    },
  ],
  'ASM-4': [
    {
      from: '2025-03-26',
      until: '2025-03-26',
      quotes: [
        mcp(
          '2025-03-26',
          'Authorization Base URL',
          'authorization-base-url',
          'The authorization base URL MUST be determined from the MCP server URL by discarding any existing `path` component.',
        ),
        LEGACY_DEFAULT_PATHS,
        LEGACY_METADATA_FIRST,
      ],
    },
    {
      from: '2025-06-18',
      quotes: [LEGACY_DEFAULT_PATHS],
      inference:
        'The 2025-03-26 fallback (a MUST there) is gone from the text from 2025-06-18 on, where servers must publish protected resource metadata; SDKs keep it for servers without. The harness judges it as optional backward compatibility, at SHOULD (docs/decisions.md: Legacy 2025-03-26).',
    },
  ],
  'ASM-5': [
    {
      from: '2025-03-26',
      until: '2025-03-26',
      quotes: [
        mcp('2025-03-26', 'Overview', 'overview', 'MCP servers SHOULD and MCP clients MUST implement OAuth 2.0 Authorization Server Metadata (RFC8414).'),
        LEGACY_METADATA_FIRST,
      ],
    },
    {
      from: '2025-06-18',
      until: '2025-06-18',
      quotes: [
        mcp('2025-06-18', 'Overview', 'overview', 'MCP clients MUST use the OAuth 2.0 Authorization Server Metadata.'),
        mcp('2025-06-18', 'Server Metadata Discovery', 'server-metadata-discovery', FOLLOW_RFC8414),
      ],
    },
    { from: '2025-11-25', until: '2025-11-25', quotes: [mcp('2025-11-25', 'Overview', 'overview', SUPPORT_BOTH_AS)] },
    { from: R26, quotes: [mcp(R26, 'Overview', 'overview', SUPPORT_BOTH_AS)] },
  ],
  'PKCE-1': [
    {
      from: '2025-03-26',
      until: '2025-03-26',
      quotes: [mcp('2025-03-26', 'Implementation Requirements', 'implementation-requirements', 'PKCE is REQUIRED for all clients')],
    },
    { from: '2025-06-18', until: '2025-06-18', quotes: [mcp('2025-06-18', 'Authorization Code Protection', 'authorization-code-protection', PKCE_06)] },
    { from: '2025-11-25', until: '2025-11-25', quotes: [mcp('2025-11-25', 'Authorization Code Protection', 'authorization-code-protection', PKCE_11)] },
    { from: R26, quotes: [mcp26('security-considerations', 'Authorization Code Protection', 'authorization-code-protection', PKCE_11)] },
  ],
  'PKCE-5': [
    {
      from: '2025-03-26',
      until: '2025-03-26',
      quotes: [mcp('2025-03-26', 'Implementation Requirements', 'implementation-requirements', 'PKCE is REQUIRED for all clients'), OAUTH21_VERIFIER],
    },
    {
      from: '2025-06-18',
      until: '2025-06-18',
      quotes: [mcp('2025-06-18', 'Authorization Code Protection', 'authorization-code-protection', PKCE_06), OAUTH21_VERIFIER],
    },
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [mcp('2025-11-25', 'Authorization Code Protection', 'authorization-code-protection', PKCE_11), OAUTH21_VERIFIER],
    },
    { from: R26, quotes: [mcp26('security-considerations', 'Authorization Code Protection', 'authorization-code-protection', PKCE_11), OAUTH21_VERIFIER] },
  ],
  'PKCE-2': [
    {
      from: '2025-03-26',
      until: '2025-03-26',
      quotes: [mcp('2025-03-26', 'Implementation Requirements', 'implementation-requirements', 'PKCE is REQUIRED for all clients'), RFC7636_4_2, RFC7636_4_3],
    },
    {
      from: '2025-06-18',
      until: '2025-06-18',
      quotes: [mcp('2025-06-18', 'Authorization Code Protection', 'authorization-code-protection', PKCE_06), RFC7636_4_2, RFC7636_4_3],
    },
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [mcp('2025-11-25', 'Authorization Code Protection', 'authorization-code-protection', S256_11), RFC7636_4_3],
    },
    { from: R26, quotes: [mcp26('security-considerations', 'Authorization Code Protection', 'authorization-code-protection', S256_11), RFC7636_4_3] },
  ],
  'PKCE-3': [
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [PKCE_ABSENT_OAUTH, PKCE_ABSENT_OIDC].map((t) => mcp('2025-11-25', 'Authorization Code Protection', 'authorization-code-protection', t)),
    },
    {
      from: R26,
      quotes: [PKCE_ABSENT_OAUTH, PKCE_ABSENT_OIDC].map((t) =>
        mcp26('security-considerations', 'Authorization Code Protection', 'authorization-code-protection', t),
      ),
    },
  ],
  'PKCE-4': [
    {
      from: '2025-03-26',
      quotes: [
        oauth21(
          '4.1.3',
          'Token Endpoint Extension',
          'REQUIRED, if the code_challenge parameter was included in the authorization request. MUST NOT be used otherwise. The original code verifier string.',
        ),
      ],
    },
  ],
  'RES-1': samePage('2025-06-18', 'Resource Parameter Implementation', 'resource-parameter-implementation', [RESOURCE_BOTH, RESOURCE_REGARDLESS]),
  'RES-2': samePage('2025-06-18', 'Resource Parameter Implementation', 'resource-parameter-implementation', [RESOURCE_CANONICAL], [RFC8707_2]),
  'RES-4': samePage('2025-06-18', 'Canonical Server URI', 'canonical-server-uri', [MOST_SPECIFIC, TRAILING_SLASH]),
  'REG-7': [
    {
      from: R26,
      quotes: [
        mcp26(
          'client-registration',
          'Dynamic Client Registration › Application Type and Redirect URI Constraints',
          'application-type-and-redirect-uri-constraints',
          'MCP clients MUST specify an appropriate `application_type` during Dynamic Client Registration.',
        ),
      ],
    },
  ],
  'REF-2': [{ from: R26, quotes: [mcp(R26, 'Refresh Tokens', 'refresh-tokens', 'SHOULD include `refresh_token` in their `grant_types` client metadata')] }],
  'REG-8': [
    {
      from: R26,
      quotes: [
        mcp26(
          'client-registration',
          'Application Type and Redirect URI Constraints',
          'application-type-and-redirect-uri-constraints',
          'Native applications (desktop applications, mobile apps, CLI tools, and locally-hosted web applications accessed via `localhost`) SHOULD use `application_type: "native"`',
        ),
        mcp26(
          'client-registration',
          'Application Type and Redirect URI Constraints',
          'application-type-and-redirect-uri-constraints',
          'Web applications (remote browser-based applications served from a non-local host) SHOULD use `application_type: "web"`',
        ),
      ],
    },
  ],
  'REG-9': [
    {
      from: '2025-03-26',
      quotes: [
        rfc(
          6749,
          '2.3.1',
          'Client Password',
          'The client identifier is encoded using the "application/x-www-form-urlencoded" encoding algorithm per Appendix B, and the encoded value is used as the username; the client password is encoded using the same algorithm and used as the password.',
        ),
      ],
      inference:
        'RFC 6749 §2.3.1 states the encoding without a key word; MCP makes OAuth 2.1 (which repeats it, §2.4.1) normative and REG-5 requires the registered method, so a header that a conforming server decodes into other credentials is judged a MUST failure.',
    },
  ],
  'REF-3': [{ from: R26, quotes: [mcp(R26, 'Refresh Tokens', 'refresh-tokens', 'MUST NOT assume refresh tokens will be issued; the AS retains discretion')] }],
  'RES-3': [
    {
      from: '2025-06-18',
      quotes: [RFC8707_2_2],
      inference:
        'No sentence says "the same value"; MCP requires the canonical URI in authorization and token requests (RES-1, RES-2) and RFC 8707 §2.2 applies resource to token requests of all grant types, refresh included, so one canonical value everywhere.',
    },
  ],
  'SCP-1': [
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [SCOPE_ORDER, SCOPE_1, SCOPE_2].map((t) => mcp('2025-11-25', 'Scope Selection Strategy', 'scope-selection-strategy', t)),
    },
    { from: R26, quotes: [SCOPE_ORDER, SCOPE_1, SCOPE_2].map((t) => mcp(R26, 'Scope Selection Strategy', 'scope-selection-strategy', t)) },
  ],
  'SCP-2': [
    {
      from: R26,
      quotes: [
        mcp(
          R26,
          'Refresh Tokens',
          'refresh-tokens',
          'MAY add `offline_access` to the `scope` parameter of the authorization and token requests when the Authorization Server metadata contains it in `scopes_supported`',
        ),
      ],
      inference:
        'The sentence permits offline_access only when the server lists it; requesting it when the server does not list it is judged at SHOULD (docs/decisions.md: offline_access).',
    },
  ],
  'REG-1': [
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [
        mcp(
          '2025-11-25',
          'Client Registration Approaches',
          'client-registration-approaches',
          'Clients supporting all options SHOULD follow the following priority order:',
        ),
        mcp('2025-11-25', 'Client Registration Approaches', 'client-registration-approaches', PRIORITY_1),
        mcp(
          '2025-11-25',
          'Client Registration Approaches',
          'client-registration-approaches',
          'Use Client ID Metadata Documents if the Authorization Server indicates if the server supports it (via `client_id_metadata_document_supported` in OAuth Authorization Server Metadata)',
        ),
        mcp('2025-11-25', 'Client Registration Approaches', 'client-registration-approaches', PRIORITY_3),
        mcp('2025-11-25', 'Client ID Metadata Documents › Discovery', 'discovery', CIMD_CHECK),
      ],
    },
    {
      from: R26,
      quotes: [
        mcp26('client-registration', 'Client Registration', 'client-registration', 'Clients supporting all options SHOULD use the following priority order:'),
        mcp26('client-registration', 'Client Registration', 'client-registration', PRIORITY_1),
        mcp26(
          'client-registration',
          'Client Registration',
          'client-registration',
          'Use Client ID Metadata Documents if the Authorization Server indicates that it supports them (via `client_id_metadata_document_supported` in OAuth Authorization Server Metadata)',
        ),
        mcp26('client-registration', 'Client Registration', 'client-registration', PRIORITY_3),
        mcp26('client-registration', 'Advertising CIMD Support', 'advertising-cimd-support', CIMD_CHECK),
      ],
    },
  ],
  'REG-3': [
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [CIMD_HTTPS, CIMD_PROPERTIES, CIMD_MATCH].map((t) =>
        mcp('2025-11-25', 'Client ID Metadata Documents › Implementation Requirements', 'implementation-requirements', t),
      ),
    },
    {
      from: R26,
      quotes: [CIMD_HTTPS, CIMD_PROPERTIES, CIMD_MATCH].map((t) =>
        mcp26('client-registration', 'Client ID Metadata Documents › Implementation Requirements', 'implementation-requirements', t),
      ),
    },
  ],
  'REG-4': [
    {
      from: '2025-03-26',
      until: '2025-03-26',
      quotes: [
        mcp('2025-03-26', 'Overview', 'overview', 'MCP auth implementations SHOULD support the OAuth 2.0 Dynamic Client Registration Protocol (RFC7591).'),
        RFC7591_2_REDIRECT,
      ],
    },
    {
      from: '2025-06-18',
      until: '2025-06-18',
      quotes: [mcp('2025-06-18', 'Dynamic Client Registration', 'dynamic-client-registration', DCR_06), RFC7591_2_REDIRECT],
    },
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [mcp('2025-11-25', 'Dynamic Client Registration', 'dynamic-client-registration', DCR_11), RFC7591_2_REDIRECT],
      inference:
        'Registering is a MAY from 2025-11-25; a client that registers (or has no other way) is held to an RFC 7591 registration the server accepts and to the client_id it issued, at SHOULD.',
    },
    {
      from: R26,
      quotes: [
        mcp26('client-registration', 'Dynamic Client Registration', 'dynamic-client-registration', DCR_11),
        mcp26(
          'client-registration',
          'Dynamic Client Registration › Application Type and Redirect URI Constraints',
          'application-type-and-redirect-uri-constraints',
          'MCP clients MUST specify an appropriate `application_type` during Dynamic Client Registration.',
        ),
        RFC7591_2_REDIRECT,
      ],
      inference:
        'Registering is a MAY (and deprecated) at 2026-07-28; a client that registers is held to an RFC 7591 registration the server accepts and to the client_id it issued, at SHOULD.',
    },
  ],
  'REG-5': [
    {
      from: '2025-03-26',
      quotes: [
        rfc(
          6749,
          '4.1.3',
          'Access Token Request',
          'If the client type is confidential or the client was issued client credentials (or assigned other authentication requirements), the client MUST authenticate with the authorization server as described in Section 3.2.1.',
        ),
        rfc(7591, '2', 'Client Metadata', 'token_endpoint_auth_method String indicator of the requested authentication method for the token endpoint.'),
      ],
      inference:
        'That the method must be the one registered is read from RFC 7591 §2 (the registration fixes the method the server then expects; an authorization server refuses another with invalid_client); no sentence says it in those words.',
    },
  ],
  'REG-6': [
    {
      from: '2025-06-18',
      until: '2025-06-18',
      quotes: [mcp('2025-06-18', 'Dynamic Client Registration', 'dynamic-client-registration', DCR_06_OTHERWISE)],
      inference:
        '2025-06-18 mentions hard-coded or user-entered client credentials only for servers without dynamic registration; the SHOULD to support and prefer them is 2025-11-25 text, which the harness applies at every revision.',
    },
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [
        mcp(
          '2025-11-25',
          'Preregistration',
          'preregistration',
          'MCP clients SHOULD support an option for static client credentials such as those supplied by a preregistration flow.',
        ),
        mcp('2025-11-25', 'Client Registration Approaches', 'client-registration-approaches', PRIORITY_1),
      ],
    },
    {
      from: R26,
      quotes: [
        mcp26(
          'client-registration',
          'Pre-registration',
          'pre-registration',
          'MCP clients SHOULD support an option for static client credentials such as those supplied by a pre-registration flow.',
        ),
        mcp26('client-registration', 'Client Registration', 'client-registration', PRIORITY_1),
      ],
    },
  ],
  'RED-1': [
    {
      from: '2025-03-26',
      until: '2025-03-26',
      quotes: [mcp('2025-03-26', 'Security Considerations', 'security-considerations', 'Redirect URIs MUST be either localhost URLs or HTTPS URLs')],
    },
    {
      from: '2025-06-18',
      until: '2025-06-18',
      quotes: [
        mcp('2025-06-18', 'Open Redirection', 'open-redirection', REDIRECT_REGISTERED),
        mcp('2025-06-18', 'Communication Security', 'communication-security', REDIRECT_LOCALHOST),
        RFC6749_4_1_3_REDIRECT,
      ],
    },
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [
        mcp('2025-11-25', 'Open Redirection', 'open-redirection', REDIRECT_REGISTERED),
        mcp('2025-11-25', 'Communication Security', 'communication-security', REDIRECT_LOCALHOST),
        RFC6749_4_1_3_REDIRECT,
      ],
    },
    {
      from: R26,
      quotes: [
        mcp26('security-considerations', 'Open Redirection', 'open-redirection', REDIRECT_REGISTERED),
        mcp26('security-considerations', 'Communication Security', 'communication-security', REDIRECT_LOCALHOST),
        RFC6749_4_1_3_REDIRECT,
      ],
    },
  ],
  'STA-1': [
    { from: '2025-06-18', until: '2025-06-18', quotes: [mcp('2025-06-18', 'Open Redirection', 'open-redirection', STATE)] },
    { from: '2025-11-25', until: '2025-11-25', quotes: [mcp('2025-11-25', 'Open Redirection', 'open-redirection', STATE)] },
    { from: R26, quotes: [mcp26('security-considerations', 'Open Redirection', 'open-redirection', STATE)] },
  ],
  'TOK-1': [
    {
      from: '2025-03-26',
      until: '2025-03-26',
      quotes: [
        mcp('2025-03-26', 'Token Requirements', 'token-requirements', 'MCP client MUST use the Authorization request header field Section 5.1.1:'),
        mcp('2025-03-26', 'Token Requirements', 'token-requirements', EVERY_REQUEST),
      ],
    },
    ...samePage('2025-06-18', 'Token Requirements', 'token-requirements', [BEARER_HEADER, EVERY_REQUEST]).filter((t) => t.from !== R26),
    {
      from: R26,
      quotes: [
        mcp(R26, 'Token Requirements', 'token-requirements', BEARER_HEADER),
        mcp(R26, 'Token Requirements', 'token-requirements', 'Note that authorization MUST be included in every HTTP request from client to server.'),
      ],
    },
  ],
  'TOK-2': [
    { from: '2025-03-26', until: '2025-03-26', quotes: [mcp('2025-03-26', 'Token Requirements', 'token-requirements', NO_QUERY)] },
    ...samePage('2025-06-18', 'Token Requirements', 'token-requirements', [NO_QUERY]),
  ],
  'TOK-3': samePage('2025-06-18', 'Token Handling', 'token-handling', [OWN_TOKENS]),
  'FLOW-1': [
    {
      from: '2025-03-26',
      until: '2025-03-26',
      quotes: [
        rfc(
          9728,
          '5',
          'Use of WWW-Authenticate for Protected Resource Metadata',
          'The client repeats the resource request from step 1, presenting the newly obtained access token.',
        ),
      ],
      inference: FLOW_INFERENCE,
    },
    {
      from: '2025-06-18',
      until: '2025-06-18',
      quotes: [mcp('2025-06-18', 'Authorization Server Location', 'authorization-server-location', PARSE_401), FLOW_RFC9728],
      inference: FLOW_INFERENCE,
    },
    {
      from: '2025-11-25',
      until: '2025-11-25',
      quotes: [
        mcp('2025-11-25', 'Protected Resource Metadata Discovery Requirements', 'protected-resource-metadata-discovery-requirements', PARSE_401),
        FLOW_RFC9728,
      ],
      inference: FLOW_INFERENCE,
    },
    {
      from: R26,
      quotes: [
        mcp26(
          'authorization-server-discovery',
          'Protected Resource Metadata Discovery Requirements',
          'protected-resource-metadata-discovery-requirements',
          PARSE_401,
        ),
        FLOW_RFC9728,
      ],
      inference: FLOW_INFERENCE,
    },
  ],
  'ISS-1': [
    {
      from: R26,
      quotes: [
        mcp(
          R26,
          'Authorization Flow Steps › Authorization Response Validation',
          'authorization-response-validation',
          'On receiving the authorization response, MCP clients MUST apply the validation in RFC9207 Section 2.4 before transmitting the authorization code to any token endpoint:',
        ),
        mcp(R26, 'Authorization Flow Steps › Authorization Response Validation', 'authorization-response-validation', '`true` | absent | Reject the response'),
        mcp(
          R26,
          'Authorization Flow Steps › Authorization Response Validation',
          'authorization-response-validation',
          'After decoding the `iss` value from the `application/x-www-form-urlencoded` response per RFC 9207 Section 2.4, clients MUST NOT apply scheme or host case folding, default-port elision, trailing-slash, or percent-encoding normalization (RFC 3986 Sections 6.2.2-6.2.3) before comparison.',
        ),
        RFC9207_2_4,
      ],
    },
  ],
  'REF-1': [
    {
      from: '2025-06-18',
      quotes: [RFC6749_6, RFC8707_2_2],
      inference:
        "MCP states no refresh behaviour for clients before 2026-07-28 (which adds only grant_types and offline_access). The harness judges, at SHOULD, that an expired token is refreshed rather than the user sent through the browser again; presenting the latest refresh token is RFC 6749 §6's MUST, and the resource parameter follows RFC 8707 §2.2.",
    },
  ],
  'TRS-1': [
    {
      from: '2025-06-18',
      quotes: [
        rfc(6749, '5.1', 'Successful Response', 'token_type REQUIRED. The type of the token issued as described in Section 7.1. Value is case insensitive.'),
        rfc(6749, '5.1', 'Successful Response', 'expires_in RECOMMENDED. The lifetime in seconds of the access token.'),
        rfc(
          6749,
          '5.1',
          'Successful Response',
          'refresh_token OPTIONAL. The refresh token, which can be used to obtain new access tokens using the same authorization grant as described in Section 6.',
        ),
        rfc(6749, '5.1', 'Successful Response', 'scope OPTIONAL, if identical to the scope requested by the client; otherwise, REQUIRED.'),
        rfc(6749, '5.1', 'Successful Response', 'The client MUST ignore unrecognized value names in the response.'),
      ],
      inference:
        "Only the last sentence states a client MUST. The others make a member optional or its case free; a client that requires the member, or one case of it, cannot use a conforming server, and so fails MCP's own MUST to complete the flow (FLOW-1). The harness judges using such a response at MUST.",
    },
  ],
  'ISSR-1': [
    {
      from: R26,
      quotes: [
        mcp(
          R26,
          'Authorization Flow Steps › Authorization Response Validation',
          'authorization-response-validation',
          'This validation applies equally to error responses - on mismatch the client MUST NOT act on or display `error`, `error_description`, or `error_uri`.',
        ),
        RFC9207_2_4,
      ],
    },
  ],
  'BIND-1': [
    {
      from: R26,
      quotes: [
        mcp26(
          'client-registration',
          'Authorization Server Binding',
          'authorization-server-binding',
          'Pre-registered credentials are inherently specific to a particular authorization server. If the authorization server indicated by protected resource metadata no longer matches the one the credentials were registered with, clients SHOULD surface an error rather than silently attempting to use mismatched credentials.',
        ),
        BINDING_REREGISTER,
      ],
    },
  ],
  'SEC-2': [
    ...(['2025-06-18', '2025-11-25'] as const).map((rev) => ({
      from: rev,
      until: rev,
      quotes: SBP_SCHEMES.map((t) => bestPractices(rev, t)),
      inference: `The section was added to the Security Best Practices guide in June 2026 (PR #1554) and appears in the guide the snapshot publishes for ${rev}; the ${rev} text as released has no such sentence. The harness applies it at every revision.`,
    })),
    { from: R26, quotes: SBP_SCHEMES.map((t) => bestPractices(R26, t)) },
  ],
  ...EXTENSION_REQUIREMENT_QUOTES,
};

const order = (v: QuoteRevision) => QUOTE_REVISIONS.indexOf(v);

/** The text that makes `id` what it is at `revision`, or undefined when none is recorded there. */
export function quotesAt(id: string, revision: QuoteRevision): RequirementText | undefined {
  return REQUIREMENT_QUOTES[id]?.find((t) => order(t.from) <= order(revision) && (t.until === undefined || order(revision) <= order(t.until)));
}
