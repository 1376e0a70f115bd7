// What a spec-following client finds on a captured deployment at each revision, and the server-side shapes that break
// clients, each with the sentence it rests on. Pure: over the answers harness/capture/ collected.
import { asDocument, prmDocument, type Answer, type Capture, type CapturedAuthorizationServer } from './captured-topology.js';
import { challengeParams } from './www-authenticate.js';
import { asMetadataProbeUrls, prmProbeUrls } from './well-known.js';

export interface ServerFinding {
  /** `breaks`: some spec-following clients cannot authorize; `note`: worth knowing, not a failure. */
  severity: 'breaks' | 'note';
  text: string;
  /** The requirement it rests on: revision or RFC, section, and the sentence's gist. */
  cite: string;
}

const status = (a: Answer | undefined) => (a ? `${a.status}${a.hops?.length ? ` after ${a.hops.length} redirect(s)` : ''}` : 'not asked');
const answerAt = (capture: Capture, url: string): Answer | undefined =>
  [...capture.prm, ...capture.authorizationServers.flatMap((as) => as.metadata), ...capture.strays].find((a) => a.url === url);

function metadataOf(capture: Capture, urls: string[]): { url: string; answer?: Answer } | undefined {
  for (const url of urls) {
    const answer = answerAt(capture, url);
    if (asDocument(answer)) return { url, answer };
  }
  return undefined;
}

/** One line per revision family: the URLs such a client asks, what they answered, and where it ends. */
export function discoveryAccount(capture: Capture): string[] {
  const lines: string[] = [];
  const header = challengeParams(capture.initialize.headers['www-authenticate']).resource_metadata;
  const origin = new URL(capture.mcpUrl).origin;
  const prmAt = (url: string) => `GET ${url} → ${status(answerAt(capture, url))}${prmDocument(answerAt(capture, url)) ? ' (metadata)' : ''}`;
  const asSteps = (urls: string[]) => {
    const steps: string[] = [];
    for (const url of urls) {
      const answer = answerAt(capture, url);
      steps.push(`GET ${url} → ${status(answer)}${asDocument(answer) ? ' (metadata)' : ''}`);
      if (asDocument(answer)) break;
    }
    return steps;
  };
  const firstEntry = capture.authorizationServers[0]?.entry;
  const prmFound = (urls: string[]) => urls.find((url) => prmDocument(answerAt(capture, url)));

  // 2025-11-25 and 2026-07-28: the 401's URL, else the well-known URLs; metadata in RFC 8414 then OpenID order.
  const modernPrm = header ? [header] : prmProbeUrls(capture.mcpUrl);
  const modern = [`POST ${capture.mcpUrl} → ${capture.initialize.status}${header ? ` naming ${header}` : ' without resource_metadata'}`];
  modern.push(...(header ? [prmAt(header)] : modernPrm.map(prmAt)));
  const modernFound = prmFound(modernPrm);
  if (!modernFound) lines.push(`2025-11-25, 2026-07-28: ${modern.join('; ')}: no protected resource metadata, the client stops`);
  else if (!firstEntry) lines.push(`2025-11-25, 2026-07-28: ${modern.join('; ')}: the metadata lists no authorization server`);
  else {
    const steps = asSteps(asMetadataProbeUrls(firstEntry));
    const found = metadataOf(capture, asMetadataProbeUrls(firstEntry));
    lines.push(
      `2025-11-25, 2026-07-28: ${[...modern, ...steps].join('; ')}: ${found ? `authorization server ${firstEntry} found` : `no metadata for ${firstEntry}, the client stops`}`,
    );
  }

  // 2025-06-18: the 401 names the metadata (servers MUST send it); RFC 8414 only.
  if (!header) lines.push(`2025-06-18: the 401 names no resource metadata, which a 2025-06-18 server MUST send: such a client has nowhere to go`);
  else if (!prmDocument(answerAt(capture, header))) lines.push(`2025-06-18: ${prmAt(header)}: the URL the 401 names holds no metadata`);
  else if (firstEntry) {
    const rfc8414 = asMetadataProbeUrls(firstEntry)[0]!;
    const answer = answerAt(capture, rfc8414);
    lines.push(
      `2025-06-18: ${prmAt(header)}; GET ${rfc8414} → ${status(answer)}: ${asDocument(answer) ? `authorization server ${firstEntry} found` : 'no RFC 8414 metadata, the only kind a 2025-06-18 client must read'}`,
    );
  }

  // 2025-03-26: no protected resource metadata; RFC 8414 at the MCP server's origin, else the default endpoints.
  const legacyUrl = `${origin}/.well-known/oauth-authorization-server`;
  const legacy = answerAt(capture, legacyUrl);
  lines.push(
    `2025-03-26: GET ${legacyUrl} → ${status(legacy)}: ${asDocument(legacy) ? 'metadata at the origin' : `no metadata; such a client falls back to ${origin}/authorize, /token and /register`}`,
  );
  return lines;
}

/** Server-side shapes that break clients, each with the sentence it rests on. */
export function serverFindings(capture: Capture): ServerFinding[] {
  const challenge = challengeParams(capture.initialize.headers['www-authenticate']);
  const prm = capture.prm.map(prmDocument).find(Boolean);
  return [
    ...challengeFindings(challenge, prm),
    ...resourceFindings(capture, prm),
    ...scopeFindings(challenge, prm),
    ...capture.authorizationServers.flatMap((as) => authorizationServerFindings(capture, as)),
    ...gatewayFindings(capture),
  ];
}

type Challenge = ReturnType<typeof challengeParams>;
type Document = Record<string, unknown> | undefined;

/** The 401 names no resource metadata: fatal where no well-known URL holds it either. */
function challengeFindings(challenge: Challenge, prm: Document): ServerFinding[] {
  if (challenge.resource_metadata) return [];
  return [
    {
      severity: prm ? 'note' : 'breaks',
      text: prm
        ? 'the 401 carries no resource_metadata: clients of 2025-11-25 find the metadata at a well-known URL, clients of 2025-06-18 do not'
        : 'the 401 carries no resource_metadata and no well-known URL holds protected resource metadata',
      cite: 'MCP 2025-06-18 › Authorization Server Location: servers MUST use WWW-Authenticate to indicate the resource metadata URL; 2025-11-25: MCP servers MUST implement one of the two discovery mechanisms',
    },
  ];
}

/** The metadata's `resource` is not the MCP URL: the origin is tolerated by some clients, anything else by none. */
function resourceFindings(capture: Capture, prm: Document): ServerFinding[] {
  if (!prm || typeof prm.resource !== 'string' || prm.resource === capture.mcpUrl) return [];
  const isOrigin = prm.resource === new URL(capture.mcpUrl).origin;
  return [
    {
      severity: isOrigin ? 'note' : 'breaks',
      text: isOrigin
        ? `the metadata's resource is the origin ${prm.resource}, not the MCP URL ${capture.mcpUrl}: accepted by the SDK, refused by a client comparing strictly`
        : `the metadata's resource is ${prm.resource}, not the MCP URL ${capture.mcpUrl}: a client must not use it`,
      cite: 'RFC 9728 §3.3: the resource value MUST be identical to the URL the client used; if not, the data MUST NOT be used',
    },
  ];
}

/** The challenge asks for scopes the metadata does not list. */
function scopeFindings(challenge: Challenge, prm: Document): ServerFinding[] {
  const challengeScopes = (challenge.scope ?? '').split(/\s+/).filter(Boolean);
  const supported = Array.isArray(prm?.scopes_supported) ? (prm.scopes_supported as unknown[]) : undefined;
  const unlisted = supported ? challengeScopes.filter((s) => !supported.includes(s)) : [];
  if (!unlisted.length) return [];
  return [
    {
      severity: 'note',
      text: `the challenge asks for ${unlisted.join(' ')}, which the metadata's scopes_supported does not list: a client choosing from scopes_supported will not request it`,
      cite: 'MCP 2025-11-25 › Scope Selection Strategy: use the challenge scope first, else scopes_supported',
    },
  ];
}

/** One authorization server: where its metadata is, its issuer, PKCE, and how clients may register. */
function authorizationServerFindings(capture: Capture, as: CapturedAuthorizationServer): ServerFinding[] {
  const urls = asMetadataProbeUrls(as.entry);
  const found = metadataOf(capture, urls);
  if (!found) {
    return [
      {
        severity: 'breaks',
        text: `no metadata for ${as.entry} at ${urls.join(', ')}`,
        cite: 'MCP 2025-11-25 › Authorization Server Metadata Discovery: authorization servers MUST provide RFC 8414 or OpenID Connect Discovery metadata',
      },
    ];
  }
  const findings: ServerFinding[] = [];
  const doc = asDocument(found.answer)!;
  if (found.url !== urls[0]) {
    findings.push({
      severity: 'breaks',
      text: `${as.entry} serves metadata only at ${found.url}, not at ${urls[0]}: clients of 2025-06-18 (RFC 8414 only) do not find it`,
      cite: 'MCP 2025-06-18 › Server Metadata Discovery: clients MUST follow RFC 8414',
    });
  }
  if (doc.issuer !== as.entry) {
    findings.push({
      severity: 'breaks',
      text: `the metadata at ${found.url} states issuer ${String(doc.issuer)}, not the authorization_servers entry ${as.entry}`,
      cite: 'RFC 8414 §3.3: the issuer MUST be identical to the one the URL was built from, else the metadata MUST NOT be used',
    });
  }
  const pkce = doc.code_challenge_methods_supported;
  if (!Array.isArray(pkce) || !pkce.includes('S256')) {
    findings.push({
      severity: 'breaks',
      text: Array.isArray(pkce)
        ? `the metadata at ${found.url} lists no S256 in code_challenge_methods_supported (${pkce.join(', ')})`
        : `the metadata at ${found.url} has no code_challenge_methods_supported`,
      cite: 'MCP 2025-11-25 › Authorization Code Protection: clients MUST refuse to proceed when code_challenge_methods_supported is absent (S256 is required)',
    });
  }
  if (!doc.registration_endpoint && doc.client_id_metadata_document_supported !== true) {
    findings.push({
      severity: 'note',
      text: `${as.entry} offers neither dynamic registration nor Client ID Metadata Documents: every client needs pre-registered credentials`,
      cite: 'MCP 2025-11-25 › Client Registration Approaches',
    });
  }
  return findings;
}

/** URLs on the MCP server's origin that answer 401 mislead clients with known bugs about the cause. */
function gatewayFindings(capture: Capture): ServerFinding[] {
  const gateway = capture.strays.filter((a) => a.status === 401);
  if (!gateway.length) return [];
  return [
    {
      severity: 'note',
      text: `URLs clients with known bugs ask answer 401 (${gateway.map((a) => a.url).join(', ')}): such a client reports "HTTP 401 trying to load well-known OAuth metadata" instead of the cause`,
      cite: 'not a violation: RFC 8414 metadata lives at the authorization server, not the MCP server',
    },
  ];
}
