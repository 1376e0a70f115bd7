// When two URIs name the same resource: RFC 3986 §6.2.2 (syntax-based) and §6.2.3 (scheme-based) normalization,
// limited to what an authorization server comparing RFC 8707 resource indicators may reasonably fold:
//   - scheme and host are case-insensitive (§6.2.2.1), and so are the hex digits of a percent-encoding;
//   - a percent-encoded unreserved character is that character (§6.2.2.2: %7E is ~, %41 is A);
//   - an empty port, or the scheme's default port, is no port (§6.2.3: http://h:80 is http://h);
//   - an empty path with an authority is "/" (§6.2.3: http://h is http://h/).
// Dot segments are not removed and nothing else is rewritten: a client sending them is not sending the resource
// it was given. The harness uses it twice: the mock authorization server accepts an equivalent resource (a real
// one may), and the checks tell an equivalent but non-canonical form (SHOULD) from another resource (MUST).
// No URL parser is used: WHATWG URL rewrites more than RFC 3986 allows (backslashes, IDNA, dot segments).

const RFC3986 = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const UNRESERVED = /[A-Za-z0-9\-._~]/;
const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443' };

/** The parts of an absolute URI (RFC 3986 Appendix B), or undefined for a relative reference or a non-URI. */
export interface UriParts {
  scheme: string;
  authority?: string;
  path: string;
  query?: string;
  fragment?: string;
}

export function parseUri(uri: string): UriParts | undefined {
  const match = RFC3986.exec(uri);
  if (!match || match[1] === undefined || !SCHEME.test(match[1])) return undefined;
  return {
    scheme: match[1],
    ...(match[2] !== undefined ? { authority: match[2] } : {}),
    path: match[3] ?? '',
    ...(match[4] !== undefined ? { query: match[4] } : {}),
    ...(match[5] !== undefined ? { fragment: match[5] } : {}),
  };
}

/** Upper-case the hex digits of every percent-encoding, and decode those that stand for an unreserved character. */
function normalizePercentEncoding(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_all, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

function normalizeAuthority(authority: string, scheme: string): string {
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? `${normalizePercentEncoding(authority.slice(0, at))}@` : '';
  const hostPort = authority.slice(at + 1);
  // The port is what follows the last ":" unless that ":" sits inside an IP literal ([::1]).
  const colon = hostPort.lastIndexOf(':');
  const hasPort = colon >= 0 && colon > hostPort.lastIndexOf(']');
  const host = normalizePercentEncoding(hasPort ? hostPort.slice(0, colon) : hostPort).toLowerCase();
  const port = hasPort ? hostPort.slice(colon + 1) : '';
  const keptPort = port === '' || port === DEFAULT_PORTS[scheme] ? '' : `:${port}`;
  return `${userinfo}${host}${keptPort}`;
}

/** The RFC 3986 normal form of an absolute URI, or undefined when `uri` is not one. */
export function normalizeUri(uri: string): string | undefined {
  const parts = parseUri(uri);
  if (!parts) return undefined;
  const scheme = parts.scheme.toLowerCase();
  let result = `${scheme}:`;
  if (parts.authority !== undefined) {
    result += `//${normalizeAuthority(parts.authority, scheme)}`;
    result += parts.path === '' ? '/' : normalizePercentEncoding(parts.path);
  } else {
    result += normalizePercentEncoding(parts.path);
  }
  if (parts.query !== undefined) result += `?${normalizePercentEncoding(parts.query)}`;
  if (parts.fragment !== undefined) result += `#${normalizePercentEncoding(parts.fragment)}`;
  return result;
}

/** True when both are absolute URIs with the same RFC 3986 normal form. */
export function equivalentUris(a: string, b: string): boolean {
  const left = normalizeUri(a);
  return left !== undefined && left === normalizeUri(b);
}
