/**
 * The scope a JSON-RPC request body needs and its token lacks, from a method → scope table (`'*'` for every
 * method); undefined when the token suffices or the body names no gated method.
 */
export function missingScope(required: Record<string, string>, body: unknown, granted: string | undefined): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : '');
  } catch {
    return undefined;
  }
  const messages = Array.isArray(parsed) ? parsed : [parsed];
  const have = new Set((granted ?? '').split(/\s+/).filter(Boolean));
  for (const message of messages) {
    const method = (message as { method?: unknown } | null)?.method;
    if (typeof method !== 'string') continue;
    const scope = required[method] ?? required['*'];
    if (scope && !scope.split(/\s+/).every((s) => have.has(s))) return scope;
  }
  return undefined;
}
