import { bearerToken, describe, fromClient, isMcpEndpoint, issuedAccessTokens, mainResourceServer } from '../trace.js';
import type { TokenResponseShape } from '../types.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

/** What a token response shape leaves out or adds, each with the RFC 6749 §5.1 words that allow it. */
export function shapeOf(shape: TokenResponseShape): string[] {
  const parts: string[] = [];
  if (shape.tokenType !== undefined) parts.push(`token_type "${shape.tokenType}" (RFC 6749 §5.1: "Value is case insensitive")`);
  for (const member of shape.omit ?? []) {
    if (member === 'scope') parts.push('no scope (RFC 6749 §5.1: optional when it is the scope requested)');
    if (member === 'refresh_token') parts.push('no refresh_token (RFC 6749 §5.1: optional)');
    if (member === 'expires_in') parts.push('no expires_in (RFC 6749 §5.1: only recommended)');
  }
  const extra = Object.keys(shape.extra ?? {});
  if (extra.length) parts.push(`the members ${extra.join(', ')} beside the standard ones (RFC 6749 §5.1: the client "MUST ignore unrecognized value names")`);
  return parts;
}

export const tokenResponseAccepted = defineCheck({
  id: 'token-response-accepted',
  title: 'A token response shaped as RFC 6749 §5.1 allows (token_type in any case, optional members absent, unknown members) is used',
  requirements: ['TRS-1', 'FLOW-1'],
  level: levelSince('MUST'),
  run({ trace, topology, scenario }) {
    const shaped = new Map(scenario.topology.authorizationServers.filter((as) => as.tokenResponse).map((as) => [as.id, as.tokenResponse!]));
    if (shaped.size === 0) return skip('no authorization server of this scenario shapes its token responses otherwise');
    const answers = issuedAccessTokens(trace, topology).filter(({ ex }) => ex.from === 'client' && shaped.has(ex.server));
    const first = answers[0];
    if (!first) return skip('no token request of the client was answered with a token');
    const shape = shapeOf(shaped.get(first.ex.server)!).join('; ');
    const rs = mainResourceServer(topology);
    const issued = new Set(answers.map((a) => a.token));
    const used = fromClient(trace).find((ex) => ex.seq > first.ex.seq && isMcpEndpoint(ex, rs) && issued.has(bearerToken(ex) ?? ''));
    if (used) return pass(`the token response carried ${shape}; the client used its access token: ${describe(used, topology)}`, [first.ex.seq, used.seq]);
    const after = fromClient(trace).filter((ex) => ex.seq > first.ex.seq);
    const last = after[after.length - 1];
    const then = last ? `its last request was ${describe(last, topology)}` : 'it sent nothing after the token response';
    return fail(
      `expected the access token of ${describe(first.ex, topology)} in a request to the MCP server; the answer carried ${shape}, and the client never used the token: ${then}`,
      last ? [first.ex.seq, last.seq] : [first.ex.seq],
      [],
    );
  },
});
