import {
  allAuthorizationRequests,
  bodyParams,
  describe,
  issuedCode,
  mainResourceServer,
  query,
  seqs,
  allTokenRequests,
  clientTokenRequests,
} from '../trace.js';
import type { Exchange } from '../types.js';
import { equivalentUris } from '../uri-equivalence.js';
import { isLoopbackHost } from '../urls.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';
import { registeredClients } from './registration.js';

export const resourceParameter = defineCheck({
  id: 'resource-parameter',
  title: 'The resource parameter names the MCP server in the authorization, token and refresh requests',
  requirements: ['RES-1', 'RES-2', 'RES-3'],
  level: levelSince('MUST'),
  run(ctx) {
    const rs = mainResourceServer(ctx.topology);
    const expected = rs.resource ?? rs.mcpUrl;
    const authorizations = allAuthorizationRequests(ctx.trace, ctx.topology);
    if (authorizations.length === 0) return skip('no authorization request was made');
    const tokens = clientTokenRequests(ctx.trace, ctx.topology);
    const judged: [Exchange, URLSearchParams, string][] = [
      ...authorizations.map((ex): [Exchange, URLSearchParams, string] => [ex, query(ex), 'the authorization request']),
      ...tokens.map((ex): [Exchange, URLSearchParams, string] => [ex, bodyParams(ex), `the ${bodyParams(ex).get('grant_type') ?? ''} token request`]),
    ];
    for (const [ex, params, kind] of judged) {
      const values = params.getAll('resource');
      const lead = `expected resource=${expected} in ${kind}; ${describe(ex, ctx.topology)}`;
      if (values.length === 0) return fail(`${lead} carried no resource parameter`, [ex.seq]);
      // An RFC 3986 equivalent form names the same server; resource-parameter-matches-prm judges the form (SHOULD).
      if (values.length > 1 || !equivalentUris(values[0]!, expected)) return fail(`${lead} carried resource=${values.join(', ')}`, [ex.seq]);
    }
    const variants = judged.filter(([, params]) => params.get('resource') !== expected).length;
    const note = variants ? `, ${variants} of them in an RFC 3986 equivalent form (resource-parameter-matches-prm judges the form)` : '';
    return pass(
      `resource=${expected} in ${judged.length} request(s)${note}`,
      judged.map(([ex]) => ex.seq),
    );
  },
});

export const statePresent = defineCheck({
  id: 'state-present',
  title: 'Every authorization request carries a state value',
  requirements: ['STA-1'],
  level: levelSince('SHOULD'),
  run(ctx) {
    const requests = allAuthorizationRequests(ctx.trace, ctx.topology);
    if (requests.length === 0) return skip('no authorization request was made');
    const missing = requests.find((ex) => !query(ex).get('state'));
    if (missing) return fail(`expected a state parameter; ${describe(missing, ctx.topology)} carried none`, [missing.seq]);
    return pass(`state present in ${requests.length} authorization request(s)`, seqs(requests));
  },
});

export const redirectUri = defineCheck({
  id: 'redirect-uri',
  title: 'The redirect URI is loopback or HTTPS, exactly the registered one, and repeated unchanged in the token request',
  requirements: ['RED-1'],
  level: levelSince('MUST'),
  run(ctx) {
    const requests = allAuthorizationRequests(ctx.trace, ctx.topology);
    if (requests.length === 0) return skip('no authorization request was made');
    const clients = registeredClients(ctx);
    const tokens = allTokenRequests(ctx.trace, ctx.topology, 'authorization_code');
    for (const ex of requests) {
      const params = query(ex);
      const uri = params.get('redirect_uri');
      const lead = `expected a registered loopback or https redirect_uri; ${describe(ex, ctx.topology)}`;
      if (!uri) return fail(`${lead} carried none`, [ex.seq]);
      let parsed: URL;
      try {
        parsed = new URL(uri);
      } catch {
        return fail(`${lead} carried redirect_uri=${uri}, which is not a URL`, [ex.seq]);
      }
      const secure = parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname));
      if (!secure) return fail(`${lead} carried redirect_uri=${uri}, neither loopback http nor https`, [ex.seq]);
      const client = clients.find((c) => c.clientId === params.get('client_id'));
      if (client && client.redirectUris.length > 0 && !client.redirectUris.includes(uri)) {
        return fail(
          `${lead} carried redirect_uri=${uri}; the client registered ${client.redirectUris.join(', ')}`,
          [...(client.evidence ? [client.evidence.seq] : []), ex.seq],
          [ex.seq],
        );
      }
      const code = issuedCode(ex);
      const exchange = code ? tokens.find((t) => bodyParams(t).get('code') === code) : undefined;
      const repeated = exchange ? bodyParams(exchange).get('redirect_uri') : null;
      if (exchange && repeated !== null && repeated !== uri) {
        return fail(
          `expected redirect_uri=${uri} in the token request, as in the authorization request; ${describe(exchange, ctx.topology)} carried redirect_uri=${repeated}`,
          [ex.seq, exchange.seq],
          [exchange.seq],
        );
      }
    }
    return pass('redirect URIs are loopback or https and match the registration', seqs(requests));
  },
});

function scopeSet(value: string | null | undefined): string[] {
  return (value ?? '').split(/\s+/).filter(Boolean).sort();
}

export const scopeSelection = defineCheck({
  id: 'scope-selection',
  title: 'The first authorization requests the challenge scope, else every PRM scope, else no scope',
  requirements: ['SCP-1', 'WWW-3'],
  level: levelSince('SHOULD', '2025-11-25'),
  run(ctx) {
    const first = allAuthorizationRequests(ctx.trace, ctx.topology)[0];
    if (!first) return skip('no authorization request was made');
    const spec = ctx.scenario.topology.resourceServers[0]!;
    const fromChallenge = spec.challenge.scope;
    const fromPrm = spec.prm?.scopesSupported?.join(' ');
    const [expected, source] = fromChallenge
      ? [fromChallenge, 'the scope of the 401 challenge']
      : fromPrm
        ? [fromPrm, 'scopes_supported of the protected resource metadata']
        : [undefined, 'neither the challenge nor the resource metadata names a scope'];
    // SEP-2207: a client MAY add offline_access where the authorization server lists it; that is no other choice of
    // scope (the offline-access check judges it, and its absence from the list).
    const server = ctx.topology.authorizationServers.findIndex((as) => first.url.startsWith(as.origin));
    const offlineListed = ctx.scenario.topology.authorizationServers[server]?.scopesSupported?.includes('offline_access') === true;
    const asked = query(first).get('scope');
    const requested =
      offlineListed && asked
        ? scopeSet(asked)
            .filter((s) => s !== 'offline_access')
            .join(' ')
        : asked;
    if (expected === undefined) {
      if (requested) return fail(`expected no scope parameter (${source}); ${describe(first, ctx.topology)} requested scope="${asked}"`, [first.seq]);
      return pass('no scope requested, as none is defined', [first.seq]);
    }
    if (scopeSet(requested).join(' ') !== scopeSet(expected).join(' ')) {
      const got = asked ? `requested scope="${asked}"` : 'requested no scope';
      return fail(`expected scope="${expected}" (${source}); ${describe(first, ctx.topology)} ${got}`, [first.seq]);
    }
    return pass(`requested scope="${asked}" from ${source}${requested !== asked ? ', with offline_access, which the authorization server lists' : ''}`, [
      first.seq,
    ]);
  },
});
