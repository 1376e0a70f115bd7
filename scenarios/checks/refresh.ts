import {
  allAuthorizationRequests,
  allTokenRequests,
  bearerToken,
  bodyParams,
  describe,
  fromClient,
  isMcpEndpoint,
  jsonBody,
  mainResourceServer,
  ok,
  query,
  seqs,
} from '../trace.js';
import type { Exchange } from '../types.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

export const refreshToken = defineCheck({
  id: 'refresh-token',
  title: 'An expired access token is refreshed with grant_type=refresh_token, the latest refresh token and resource; a rotated refresh token is never reused',
  requirements: ['REF-1', 'RES-3'],
  level: levelSince('SHOULD'),
  run(ctx) {
    const rs = mainResourceServer(ctx.topology);
    const expected = rs.resource ?? rs.mcpUrl;
    const tokenExchanges = allTokenRequests(ctx.trace, ctx.topology).sort((a, b) => a.seq - b.seq);
    const issuedRefresh = (ex: Exchange) => (ok(ex) ? jsonBody<{ refresh_token?: string }>(ex.responseBody)?.refresh_token : undefined);
    const expired = fromClient(ctx.trace).find(
      (ex) => isMcpEndpoint(ex, rs) && bearerToken(ex) && ex.status === 401 && tokenExchanges.some((t) => t.seq < ex.seq && issuedRefresh(t)),
    );
    if (!expired) return skip('no access token expired while the client held a refresh token');
    const nextToken = tokenExchanges.find((ex) => ex.seq > expired.seq);
    const nextAuthorization = allAuthorizationRequests(ctx.trace, ctx.topology).find((ex) => ex.seq > expired.seq);
    const tokenUrl = ctx.topology.authorizationServers[0]?.endpoints.token ?? 'the token endpoint';
    if (!nextToken || bodyParams(nextToken).get('grant_type') !== 'refresh_token' || (nextAuthorization && nextAuthorization.seq < nextToken.seq)) {
      const instead = nextAuthorization && (!nextToken || nextAuthorization.seq < nextToken.seq) ? nextAuthorization : nextToken;
      return fail(
        `expected POST ${tokenUrl} with grant_type=refresh_token after ${describe(expired, ctx.topology)}; ${instead ? `the client sent ${describe(instead, ctx.topology)} instead` : 'the client never refreshed'}`,
        instead ? [expired.seq, instead.seq] : [expired.seq],
        instead ? [instead.seq] : [],
      );
    }
    const refreshes = tokenExchanges.filter((ex) => ex.from === 'client' && bodyParams(ex).get('grant_type') === 'refresh_token');
    for (const refresh of refreshes) {
      const params = bodyParams(refresh);
      const presented = params.get('refresh_token');
      const earlier = tokenExchanges.filter((ex) => ex.seq < refresh.seq && issuedRefresh(ex));
      const latest = earlier.length ? issuedRefresh(earlier[earlier.length - 1]!) : undefined;
      if (!presented) return fail(`expected refresh_token in the refresh request; ${describe(refresh, ctx.topology)} carried none`, [refresh.seq]);
      if (presented !== latest) {
        const rotatedBy = earlier.find((ex) => issuedRefresh(ex) === presented);
        // A client with two requests refused at once (a stream and a POST) that refreshes for each from the token it read
        // before either refresh came back: the cause is the second refresh, so the first one is named.
        const spentBy = refreshes.find((ex) => ex.seq < refresh.seq && ok(ex) && bodyParams(ex).get('refresh_token') === presented);
        const what = !rotatedBy
          ? 'a refresh token the server never issued'
          : spentBy
            ? `a refresh token already rotated (issued by ${describe(rotatedBy, ctx.topology)}, exchanged ${refresh.at - spentBy.at} ms earlier by ${describe(spentBy, ctx.topology)}: a second refresh from one refresh token)`
            : `a refresh token already rotated (issued by ${describe(rotatedBy, ctx.topology)}, replaced since)`;
        return fail(
          `expected the latest refresh token in the refresh request; ${describe(refresh, ctx.topology)} presented ${what}`,
          [...(rotatedBy ? [rotatedBy.seq] : []), ...(spentBy ? [spentBy.seq] : []), refresh.seq],
          [refresh.seq],
        );
      }
      const resource = params.getAll('resource');
      if (resource.length !== 1 || resource[0] !== expected) {
        return fail(
          `expected resource=${expected} in the refresh request, as in the authorization request; ${describe(refresh, ctx.topology)} carried ${resource.length ? `resource=${resource.join(', ')}` : 'no resource parameter'}`,
          [refresh.seq],
        );
      }
    }
    return pass(`refreshed ${refreshes.length} time(s) with the latest refresh token and resource=${expected}`, [expired.seq, ...seqs(refreshes)]);
  },
});

export const offlineAccess = defineCheck({
  id: 'offline-access',
  title: 'offline_access is requested only when the authorization server lists it in scopes_supported',
  requirements: ['SCP-2'],
  level: levelSince('SHOULD', '2026-07-28'),
  run(ctx) {
    const requests = allAuthorizationRequests(ctx.trace, ctx.topology);
    if (requests.length === 0) return skip('no authorization request was made');
    for (const ex of requests) {
      const asked = (query(ex).get('scope') ?? '').split(/\s+/).includes('offline_access');
      const spec = ctx.scenario.topology.authorizationServers.find((as) => as.id === ex.server);
      if (asked && !spec?.scopesSupported?.includes('offline_access')) {
        return fail(
          `expected no offline_access scope (the authorization server's scopes_supported does not list it); ${describe(ex, ctx.topology)} requested scope="${query(ex).get('scope')}"`,
          [ex.seq],
        );
      }
    }
    return pass('offline_access requested only where listed', seqs(requests));
  },
});
