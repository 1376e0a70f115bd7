// Reading a WWW-Authenticate header, for checks and for capture alike.

/**
 * `name="value"` and `name=token` parameters of a `WWW-Authenticate` header (RFC 9110 §11.2); where a name repeats
 * (several challenges), the first occurrence counts.
 */
export function challengeParams(header: string | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  if (!header) return params;
  for (const match of header.matchAll(/([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))/g)) {
    params[match[1]!.toLowerCase()] ??= match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!;
  }
  return params;
}
