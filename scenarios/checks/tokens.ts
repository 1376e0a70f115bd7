import { bearerToken, describe, fromClient, header, isMcpEndpoint, issuedAccessTokens, jsonBody, mainResourceServer, ok, query, seqs } from '../trace.js';
import type { Exchange } from '../types.js';
import { dpopToken } from '../dpop.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

export const bearerHeader = defineCheck({
  id: 'bearer-header',
  title: 'Once authorized, every request to the MCP server carries Authorization: Bearer, and no token travels in a URL',
  requirements: ['TOK-1', 'TOK-2'],
  level: levelSince('MUST'),
  run({ trace, topology }) {
    const inUrl = trace.exchanges.find((ex) => query(ex).has('access_token'));
    if (inUrl)
      return fail(`expected the access token only in the Authorization header; ${describe(inUrl, topology)} carried access_token in the query string`, [
        inUrl.seq,
      ]);
    const issued = issuedAccessTokens(trace, topology)[0];
    if (!issued) return skip('no access token was issued');
    const rs = mainResourceServer(topology);
    const later = fromClient(trace).filter((ex) => ex.seq > issued.ex.seq && isMcpEndpoint(ex, rs));
    if (later.length === 0) return skip('the client made no request to the MCP server after it obtained a token');
    // A request without a token that starts discovery over (a new start: no session; 401, then the client asks for
    // protected resource metadata before its next MCP request) is the first step of the specification's own
    // authorization flow, which a client starting anew may take whatever it holds.
    const isPrm = (ex: Exchange) =>
      ex.url.includes('/.well-known/oauth-protected-resource') || rs.prmUrls.includes(ex.url) || ex.url === rs.challengeResourceMetadata;
    const client = fromClient(trace);
    // Only a request that opens no session: no Mcp-Session-Id, and a bare GET or an initialize/server/discover (what a
    // client starting anew sends first); a request of a running session that left its token out still fails.
    const opensNothing = (ex: Exchange) => {
      if (header(ex, 'mcp-session-id')) return false;
      if (ex.method === 'GET') return true;
      const body = jsonBody<{ method?: unknown }>(ex.requestBody);
      return ex.method === 'POST' && (body?.method === 'initialize' || body?.method === 'server/discover');
    };
    const discoveryProbe = (ex: Exchange) => {
      if (ex.status !== 401 || header(ex, 'authorization') || !opensNothing(ex)) return false;
      const next = client.filter((n) => n.seq > ex.seq && (isMcpEndpoint(n, rs) || isPrm(n)))[0];
      return next !== undefined && isPrm(next);
    };
    const probes = later.filter((ex) => !bearerToken(ex) && discoveryProbe(ex));
    const bare = later.find((ex) => !bearerToken(ex) && !probes.includes(ex));
    if (bare) {
      const sent = header(bare, 'authorization');
      const what = sent ? `with Authorization: ${sent.split(/\s/)[0]} …` : 'without an Authorization header';
      return fail(
        `expected Authorization: Bearer <token> on every request to the MCP server once a token was issued (${describe(issued.ex, topology)}); the client sent ${describe(bare, topology)} ${what}`,
        [issued.ex.seq, bare.seq],
        [bare.seq],
      );
    }
    const sent = later.filter((ex) => !probes.includes(ex));
    const probeNote = probes.length
      ? `; ${probes.map((ex) => `#${ex.seq}`).join(', ')} without one started discovery over (401, then protected resource metadata), the flow's first step`
      : '';
    return pass(`${sent.length} request(s) to the MCP server, each with a bearer token${probeNote}`, seqs(later));
  },
});

export const authorizedRequest = defineCheck({
  id: 'authorized-request',
  title: 'The client finally makes an MCP request the server accepts with its token',
  requirements: ['FLOW-1'],
  level: levelSince('MUST'),
  run({ trace, topology }) {
    const rs = mainResourceServer(topology);
    const client = fromClient(trace);
    // A DPoP-bound token (RFC 9449 §7.1) is a token all the same; bearer-header or the DPoP checks judge its scheme.
    const withToken = (ex: Exchange) => (bearerToken(ex) ?? dpopToken(ex)) !== undefined;
    const accepted = client.find((ex) => ex.method === 'POST' && isMcpEndpoint(ex, rs) && withToken(ex) && ok(ex));
    if (accepted) return pass(`${describe(accepted, topology)} with ${bearerToken(accepted) ? 'a bearer' : 'a DPoP-bound'} token`, [accepted.seq]);
    const last = client[client.length - 1];
    if (!last) return fail(`expected an authorized POST ${rs.mcpUrl}; the client sent no request to any server`);
    const rejected = client.filter((ex) => isMcpEndpoint(ex, rs) && withToken(ex));
    const detail =
      rejected.length > 0
        ? `its bearer requests were refused, last ${describe(rejected[rejected.length - 1]!, topology)}`
        : `its last request was ${describe(last, topology)}`;
    return fail(`expected an authorized POST ${rs.mcpUrl} answered 2xx; the client never made one: ${detail}`, [last.seq], []);
  },
});
