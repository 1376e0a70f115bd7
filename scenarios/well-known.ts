const PRM_SUFFIX = '/.well-known/oauth-protected-resource';
const OAUTH_SUFFIX = '/.well-known/oauth-authorization-server';
const OIDC_SUFFIX = '/.well-known/openid-configuration';

/** Path of a URL without its terminating slash, so `https://a/` and `https://a` both give ''. */
function trimmedPath(url: URL): string {
  return url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
}

/** RFC 9728 §3 with the 2025-11-25 root fallback: path-inserted first (unless the path is empty), then root. */
export function prmProbeUrls(mcpUrl: string): string[] {
  const url = new URL(mcpUrl);
  const path = trimmedPath(url);
  const urls = path ? [`${url.origin}${PRM_SUFFIX}${path}`] : [];
  urls.push(`${url.origin}${PRM_SUFFIX}`);
  return urls;
}

/**
 * The authorization server metadata URLs a client probes, in order, for an issuer: the order of
 * "Authorization Server Metadata Discovery" (2025-11-25). 2025-06-18 requires only the first (RFC 8414).
 * A terminating "/" of the issuer is dropped (RFC 8414 §3.1), so an Auth0 issuer has no path.
 */
export function asMetadataProbeUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = trimmedPath(url);
  if (!path) return [`${url.origin}${OAUTH_SUFFIX}`, `${url.origin}${OIDC_SUFFIX}`];
  return [`${url.origin}${OAUTH_SUFFIX}${path}`, `${url.origin}${OIDC_SUFFIX}${path}`, `${url.origin}${path}${OIDC_SUFFIX}`];
}

export function isPrmPath(pathname: string): boolean {
  return pathname.includes(PRM_SUFFIX);
}

export function isAsMetadataPath(pathname: string): boolean {
  return pathname.includes(OAUTH_SUFFIX) || pathname.includes(OIDC_SUFFIX);
}
