import {
  allAuthorizationRequests,
  allTokenRequests,
  bearerToken,
  describe,
  fromClient,
  isMcpEndpoint,
  jsonBody,
  mainResourceServer,
  ok,
  query,
  seqs,
} from '../trace.js';
import type { CheckContext, Exchange } from '../types.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';
import { compareRevisions } from '../revision.js';
import { challengeParams } from '../www-authenticate.js';

/**
 * "A few" (WWW-4): attempts at a new token tolerated after the first refusal. With the first authorization that makes
 * three in all, as the official scope-retry-limit counts (1 to 3 authorization requests pass, a 4th fails).
 */
export const MAX_REAUTHORIZATIONS = 2;

function challengeParam(ex: Exchange, name: string): string | undefined {
  return challengeParams(ex.responseHeaders['www-authenticate'])[name];
}

function scopes(value: string | null | undefined): Set<string> {
  return new Set((value ?? '').split(/\s+/).filter(Boolean));
}

function rpcMethod(ex: Exchange): string | undefined {
  const body = jsonBody<{ method?: unknown }>(ex.requestBody);
  return typeof body?.method === 'string' ? body.method : undefined;
}

/** Client requests to the MCP endpoint refused with a bearer token: 403 insufficient_scope or 401 invalid_token. */
function refusals(ctx: Pick<CheckContext, 'trace' | 'topology'>, status: 403 | 401): Exchange[] {
  const rs = mainResourceServer(ctx.topology);
  const error = status === 403 ? 'insufficient_scope' : 'invalid_token';
  return fromClient(ctx.trace).filter((ex) => isMcpEndpoint(ex, rs) && bearerToken(ex) && ex.status === status && challengeParam(ex, 'error') === error);
}

export const stepUp = defineCheck({
  id: 'step-up',
  title: 'On 403 insufficient_scope the client re-authorizes with the challenged scope (2026-07-28: added to the scopes it held) and retries',
  requirements: ['WWW-4', 'WWW-5'],
  level: levelSince('SHOULD', '2025-11-25'),
  run(ctx) {
    const refused = refusals(ctx, 403)[0];
    if (!refused) return skip('the MCP server never answered 403 insufficient_scope (the client held every scope it needed)');
    const challenged = scopes(challengeParam(refused, 'scope'));
    const authorizations = allAuthorizationRequests(ctx.trace, ctx.topology);
    const before = authorizations.filter((ex) => ex.seq < refused.seq).pop();
    const after = authorizations.find((ex) => ex.seq > refused.seq);
    const expectedSet = new Set([
      ...challenged,
      ...(compareRevisions(ctx.specVersion, '2026-07-28') >= 0 ? scopes(before ? query(before).get('scope') : '') : []),
    ]);
    const expected = [...expectedSet].join(' ');
    const rule = compareRevisions(ctx.specVersion, '2026-07-28') >= 0 ? 'the scopes requested before and the challenged ones' : 'the challenged scope';
    if (!after) {
      // A refresh grant is the client's answer to the 403 even when discovery requests come first; it cannot add a
      // scope (RFC 6749 §6), so it is the step that broke the rule. Any other next request is only where it went on.
      const refresh = allTokenRequests(ctx.trace, ctx.topology, 'refresh_token').find((ex) => ex.seq > refused.seq);
      const next = fromClient(ctx.trace).find((ex) => ex.seq > refused.seq);
      const instead = refresh
        ? `the client answered with a refresh grant instead, ${describe(refresh, ctx.topology)}, which cannot add a scope (RFC 6749 §6)`
        : next
          ? `the client sent ${describe(next, ctx.topology)} instead`
          : 'the client sent nothing more';
      return fail(
        `expected a new authorization request with scope="${expected}" (${rule}) after ${describe(refused, ctx.topology)}; ${instead}`,
        refresh ? [refused.seq, refresh.seq] : [refused.seq],
        refresh ? [refresh.seq] : [],
      );
    }
    const requested = scopes(query(after).get('scope'));
    const missing = [...expectedSet].filter((s) => !requested.has(s));
    if (missing.length > 0) {
      return fail(
        `expected scope="${expected}" (${rule}) after ${describe(refused, ctx.topology)}; ${describe(after, ctx.topology)} requested scope="${query(after).get('scope') ?? ''}", without ${missing.join(' ')}`,
        [refused.seq, after.seq],
        [after.seq],
      );
    }
    const method = rpcMethod(refused);
    const rs = mainResourceServer(ctx.topology);
    const retried = fromClient(ctx.trace).find(
      (ex) => ex.seq > after.seq && isMcpEndpoint(ex, rs) && ok(ex) && bearerToken(ex) && (!method || rpcMethod(ex) === method),
    );
    if (!retried)
      return fail(
        `expected the refused ${method ?? 'request'} to be retried with the new token after ${describe(after, ctx.topology)}; the client never retried it successfully`,
        [refused.seq, after.seq],
        [],
      );
    return pass(`re-authorized with scope="${query(after).get('scope')}" and retried ${method ?? 'the request'}`, [refused.seq, after.seq, retried.seq]);
  },
});

/**
 * The first refusal and the attempts at a new token after it: authorization requests and refresh grants. A client
 * refreshing for ever loops as much as one re-authorizing, after a 401 or a 403 alike (a refresh cannot even add the
 * scope a 403 asks for).
 */
export function attemptsAfterRefusal(ctx: Pick<CheckContext, 'trace' | 'topology'>, status: 403 | 401): { refused?: Exchange; later: Exchange[] } {
  const refused = refusals(ctx, status)[0];
  if (!refused) return { later: [] };
  const refreshes = allTokenRequests(ctx.trace, ctx.topology, 'refresh_token');
  const later = [...allAuthorizationRequests(ctx.trace, ctx.topology), ...refreshes].filter((ex) => ex.seq > refused.seq).sort((a, b) => a.seq - b.seq);
  return { refused, later };
}

function retryLimit(ctx: CheckContext, status: 403 | 401, what: string) {
  const { refused, later } = attemptsAfterRefusal(ctx, status);
  if (!refused) return skip(`the MCP server never answered ${what}`);
  if (later.length > MAX_REAUTHORIZATIONS) {
    const refreshed = status === 401 || later.some((ex) => ex.method === 'POST');
    return fail(
      `expected at most ${MAX_REAUTHORIZATIONS} re-authorizations after ${describe(refused, ctx.topology)} (${MAX_REAUTHORIZATIONS + 1} attempts at a token in all, the first authorization included), then a stop; the client made ${later.length} attempts (authorization${refreshed ? ' or refresh' : ''} requests) after it, the last ${describe(later[later.length - 1]!, ctx.topology)}`,
      [refused.seq, ...seqs(later)],
      seqs(later.slice(MAX_REAUTHORIZATIONS)),
    );
  }
  return pass(`${later.length} re-authorization(s) after the first ${what}`, [refused.seq, ...seqs(later)]);
}

export const stepUpRetryLimit = defineCheck({
  id: 'step-up-retry-limit',
  title: `When every call is refused 403 insufficient_scope, the client re-authorizes (or refreshes) at most ${MAX_REAUTHORIZATIONS} times and stops`,
  requirements: ['WWW-4'],
  level: levelSince('SHOULD', '2025-11-25'),
  run: (ctx) => retryLimit(ctx, 403, '403 insufficient_scope'),
});

export const invalidTokenRetryLimit = defineCheck({
  id: 'invalid-token-retry-limit',
  title: `When every token is refused 401 invalid_token, the client re-authorizes at most ${MAX_REAUTHORIZATIONS} times and stops`,
  requirements: ['WWW-6'],
  level: levelSince('SHOULD'),
  run: (ctx) => retryLimit(ctx, 401, '401 invalid_token to a bearer request'),
});
