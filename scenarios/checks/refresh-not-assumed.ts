import { allTokenRequests, bearerToken, bodyParams, describe, fromClient, isMcpEndpoint, jsonBody, mainResourceServer, ok } from '../trace.js';
import type { Exchange } from '../types.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
}

/**
 * MCP 2026-07-28, Refresh Tokens: clients "MUST NOT assume refresh tokens will be issued; the AS retains discretion".
 * What traffic shows of that assumption, against a server that issues none: a refresh grant presenting a refresh token
 * no token response carried, and a token response without a refresh token after which the client never used its access
 * token (the crash of a client that reads a refresh token it was not given).
 */
export const refreshTokenNotAssumed = defineCheck({
  id: 'refresh-token-not-assumed',
  title: 'Without a refresh token in the token response the client uses its access token and never sends a refresh grant',
  requirements: ['REF-3'],
  level: levelSince('MUST', '2026-07-28'),
  run(ctx) {
    const tokens = allTokenRequests(ctx.trace, ctx.topology).sort((a, b) => a.seq - b.seq);
    const answer = (ex: Exchange) => (ok(ex) ? jsonBody<TokenAnswer>(ex.responseBody) : undefined);
    const without = tokens.filter((ex) => answer(ex)?.access_token && !answer(ex)?.refresh_token);
    if (without.length === 0) return skip('no token response without a refresh token');
    const issued = new Set(tokens.map((ex) => answer(ex)?.refresh_token).filter((t): t is string => Boolean(t)));
    const invented = tokens.find(
      (ex) => ex.from === 'client' && bodyParams(ex).get('grant_type') === 'refresh_token' && !issued.has(bodyParams(ex).get('refresh_token') ?? ''),
    );
    if (invented) {
      const presented = bodyParams(invented).get('refresh_token');
      const before = without.filter((ex) => ex.seq < invented.seq).pop();
      return fail(
        `expected no refresh grant: the authorization server issued no refresh token (${before ? describe(before, ctx.topology) : 'its token responses'} carried none); ` +
          `the client sent ${describe(invented, ctx.topology)} presenting ${presented ? 'a refresh token the server never issued' : 'no refresh token at all'}`,
        [...(before ? [before.seq] : []), invented.seq],
        [invented.seq],
      );
    }
    const rs = mainResourceServer(ctx.topology);
    const bearers = fromClient(ctx.trace).filter((ex) => isMcpEndpoint(ex, rs) && bearerToken(ex));
    const unused = without.find((ex) => !bearers.some((b) => b.seq > ex.seq && bearerToken(b) === answer(ex)!.access_token));
    if (unused) {
      return fail(
        `expected the access token of ${describe(unused, ctx.topology)}, whose answer carried no refresh token, in a request to the MCP server; the client never sent it`,
        [unused.seq],
        [],
      );
    }
    return pass(`${without.length} token response(s) without a refresh token: each access token was used, and no refresh grant was sent`, [
      ...without.map((ex) => ex.seq),
    ]);
  },
});
