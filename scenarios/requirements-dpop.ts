// The DPoP extension's client requirements (SEP-1932, which adopts RFC 9449 unchanged), with the sentences that make
// them what they are. Data only; scenarios/requirements.ts and scenarios/requirement-quotes.ts include them.
//
// RFC 9449 quotes are verbatim from the RFC as published (September 2023), line breaks joined; SEP-1932 from
// modelcontextprotocol/modelcontextprotocol seps/1932-dpop-extension.md (its typo "requries" kept).
// DPoP is an optional extension at every revision: the requirements bind a client that implements it.
import type { Quote, RequirementText } from './requirement-text.js';
import type { Requirement } from './types.js';

const RFC = 'https://www.rfc-editor.org/rfc/rfc9449#section-';
const SEP_URL = 'https://github.com/modelcontextprotocol/modelcontextprotocol/blob/main/seps/1932-dpop-extension.md';

const rfc9449 = (section: string, title: string, text: string): Quote => ({ source: `RFC 9449 §${section} (${title})`, url: RFC + section, text });

const SEP_1932: Quote = {
  source: 'SEP-1932 (DPoP Profile for MCP) › Specification',
  url: `${SEP_URL}#specification`,
  text: 'This extension requries OAuth 2.0 Demonstrating Proof-of-Possession at the Application Layer (DPoP) (RFC 9449) for use in the Model Context Protocol.',
};

const NONCE_CLAIM = rfc9449(
  '4.2',
  'DPoP Proof JWT Syntax',
  'When the authentication server or resource server provides a DPoP-Nonce HTTP header in a response (see Sections 8 and 9), the DPoP proof MUST also contain the following claim:',
);

const source = (sections: string) => `SEP-1932; RFC 9449 ${sections}`;

export const DPOP_REQUIREMENTS: Requirement[] = [
  {
    id: 'DPOP-1',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'A client using DPoP sends a valid DPoP proof in a DPoP header with every token request, whatever the grant.',
    source: source('§5 (DPoP Access Token Request)'),
    url: `${RFC}5`,
  },
  {
    id: 'DPOP-2',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'A DPoP-bound access token is presented with the DPoP authentication scheme and a DPoP proof, not as a bearer token.',
    source: source('§7 and §7.1 (The DPoP Authentication Scheme)'),
    url: `${RFC}7.1`,
  },
  {
    id: 'DPOP-3',
    level: 'MUST',
    since: '2025-06-18',
    summary:
      'Each request carries a proof of its own: a unique jti, the htm and htu of that request, ath the hash of the access token, signed with the key the token is bound to.',
    source: source('§4, §4.2 (DPoP Proof JWT Syntax) and §7'),
    url: `${RFC}4.2`,
  },
  {
    id: 'DPOP-4',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'When the token endpoint answers use_dpop_nonce with a DPoP-Nonce, the next proof there carries that nonce.',
    source: source('§4.2 and §8 (Authorization Server-Provided Nonce)'),
    url: `${RFC}8`,
  },
  {
    id: 'DPOP-5',
    level: 'MUST',
    since: '2025-06-18',
    summary: 'When the MCP server answers 401 use_dpop_nonce with a DPoP-Nonce, the next proof sent to it carries that nonce.',
    source: source('§4.2 and §9 (Resource Server-Provided Nonce)'),
    url: `${RFC}9`,
  },
];

export const DPOP_QUOTES: Record<string, RequirementText[]> = {
  'DPOP-1': [
    {
      from: '2025-06-18',
      quotes: [
        SEP_1932,
        rfc9449(
          '5',
          'DPoP Access Token Request',
          "To request an access token that is bound to a public key using DPoP, the client MUST provide a valid DPoP proof JWT in a DPoP header when making an access token request to the authorization server's token endpoint. This is applicable for all access token requests regardless of grant type (e.g., the common authorization_code and refresh_token grant types and extension grants such as the JWT authorization grant [RFC7523]).",
        ),
      ],
    },
  ],
  'DPOP-2': [
    {
      from: '2025-06-18',
      quotes: [
        SEP_1932,
        rfc9449(
          '7',
          'Protected Resource Access',
          'Requests to DPoP-protected resources MUST include both a DPoP proof as per Section 4 and the access token as described in Section 7.1.',
        ),
        rfc9449(
          '7.1',
          'The DPoP Authentication Scheme',
          'A DPoP-bound access token is sent using the Authorization request header field per Section 11.6.2 of [RFC9110] with an authentication scheme of DPoP.',
        ),
      ],
    },
  ],
  'DPOP-3': [
    {
      from: '2025-06-18',
      quotes: [
        SEP_1932,
        rfc9449('4', 'DPoP Proof JWTs', 'Each HTTP request requires a unique DPoP proof.'),
        rfc9449(
          '4.2',
          'DPoP Proof JWT Syntax',
          'The value MUST be assigned such that there is a negligible probability that the same value will be assigned to any other DPoP proof used in the same context during the time window of validity.',
        ),
        rfc9449('7', 'Protected Resource Access', 'The DPoP proof MUST include the ath claim with a valid hash of the associated access token.'),
      ],
    },
  ],
  'DPOP-4': [
    {
      from: '2025-06-18',
      quotes: [
        SEP_1932,
        NONCE_CLAIM,
        rfc9449(
          '8',
          'Authorization Server-Provided Nonce',
          'Upon receiving the nonce, the client is expected to retry its token request using a DPoP proof including the supplied nonce value in the nonce claim of the DPoP proof.',
        ),
      ],
    },
  ],
  'DPOP-5': [
    {
      from: '2025-06-18',
      quotes: [
        SEP_1932,
        NONCE_CLAIM,
        rfc9449(
          '9',
          'Resource Server-Provided Nonce',
          'Resource servers use an HTTP 401 (Unauthorized) error code with an accompanying WWW-Authenticate: DPoP value and DPoP-Nonce value to accomplish this.',
        ),
      ],
    },
  ],
};
