import { authorizationRequests, bodyParams, describe, fromClient, header, jsonBody, ok, registrationRequests, seqs, tokenRequests } from '../trace.js';
import type { Check, CheckContext, Exchange, TokenEndpointAuthMethod } from '../types.js';
import { fail, levelSince, pass, skip } from './define.js';

interface RegisteredClient {
  clientId: string;
  secret?: string;
  method: TokenEndpointAuthMethod;
  redirectUris: string[];
  evidence?: Exchange;
}

/** Every client identity known from the trace (dynamic registrations) and the scenario (pre-registered). */
export function registeredClients(ctx: CheckContext): RegisteredClient[] {
  const clients: RegisteredClient[] = [];
  const preRegistered = ctx.scenario.context;
  if (preRegistered?.client_id) {
    clients.push({
      clientId: preRegistered.client_id,
      secret: preRegistered.client_secret,
      method: (preRegistered.token_endpoint_auth_method as TokenEndpointAuthMethod | undefined) ?? 'client_secret_basic',
      redirectUris: preRegistered.redirect_uris ? preRegistered.redirect_uris.split(' ') : [],
    });
  }
  for (const as of ctx.topology.authorizationServers) {
    for (const ex of registrationRequests(ctx.trace, as)) {
      if (!ok(ex)) continue;
      const issued = jsonBody<{ client_id?: string; client_secret?: string; token_endpoint_auth_method?: string; redirect_uris?: string[] }>(ex.responseBody);
      if (!issued?.client_id) continue;
      clients.push({
        clientId: issued.client_id,
        secret: issued.client_secret,
        method: (issued.token_endpoint_auth_method as TokenEndpointAuthMethod | undefined) ?? 'client_secret_basic',
        redirectUris: issued.redirect_uris ?? [],
        evidence: ex,
      });
    }
  }
  // A Client ID Metadata Document client is its URL, a public client (REG-3: no shared secret).
  for (const spec of ctx.scenario.topology.authorizationServers.filter((as) => as.clientIdMetadataDocuments)) {
    const resolved = ctx.topology.authorizationServers.find((as) => as.id === spec.id);
    for (const ex of resolved ? authorizationRequests(ctx.trace, resolved) : []) {
      const id = new URL(ex.url).searchParams.get('client_id') ?? '';
      if (/^https:\/\//.test(id) && !clients.some((c) => c.clientId === id)) clients.push({ clientId: id, method: 'none', redirectUris: [] });
    }
  }
  return clients;
}

/** At most three values, so a client that registered many times does not flood the message. */
function listed(values: Set<string>): string {
  const all = [...values];
  return all.length > 3 ? `${all.slice(0, 3).join(', ')} and ${all.length - 3} more` : all.join(', ');
}

export const registrationDcr: Check = {
  id: 'registration-dcr',
  title: 'Dynamic client registration with a valid RFC 7591 body, and the issued client_id is used',
  requirements: ['REG-4'],
  level: levelSince('SHOULD'),
  run(ctx) {
    const { trace, topology, scenario } = ctx;
    if (scenario.context?.client_id) return skip('the scenario supplies pre-registered credentials');
    const as = topology.authorizationServers.find((a) => a.endpoints.registration);
    if (!as?.endpoints.registration) return skip('no authorization server offers dynamic registration');
    const requests = registrationRequests(trace, as).filter((ex) => ex.from === 'client');
    if (requests.length === 0) {
      const sentAny = fromClient(trace).some((ex) => ex.server === as.id);
      return fail(
        `expected POST ${as.endpoints.registration} (registration_endpoint of the metadata) with the client's metadata; ` +
          (sentAny ? 'the client contacted the authorization server but never registered' : 'the client never contacted the authorization server'),
      );
    }
    const accepted = requests.filter(ok);
    if (accepted.length === 0) {
      const rejected = requests[0]!;
      const error = jsonBody<{ error?: string; error_description?: string }>(rejected.responseBody);
      return fail(
        `expected a registration the server accepts; ${describe(rejected, topology)}: ${error?.error ?? 'error'}${error?.error_description ? ` (${error.error_description})` : ''}`,
        seqs(requests),
      );
    }
    const issued = new Set(registeredClients(ctx).map((c) => c.clientId));
    const authorizations = authorizationRequests(trace, as);
    const foreign = authorizations.find((ex) => !issued.has(new URL(ex.url).searchParams.get('client_id') ?? ''));
    if (foreign) {
      const used = new URL(foreign.url).searchParams.get('client_id');
      return fail(
        `expected a client_id the registration issued (${listed(issued)}); ${describe(foreign, topology)} used client_id=${used ?? '(none)'}`,
        [...seqs(accepted), foreign.seq],
      );
    }
    return pass(`registered at ${as.endpoints.registration} and used the issued client_id`, seqs(accepted));
  },
};

function basicCredentials(ex: Exchange): { id: string; secret: string } | undefined {
  const value = header(ex, 'authorization');
  const match = value?.match(/^Basic\s+(.+)$/i);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
}

/** What is wrong with how a token request authenticated the client, or undefined when it is right. */
function authenticationProblem(ex: Exchange, client: RegisteredClient): string | undefined {
  const body = bodyParams(ex);
  const basic = basicCredentials(ex);
  const hasBasicHeader = /^Basic\s/i.test(header(ex, 'authorization') ?? '');
  switch (client.method) {
    case 'none':
      if (hasBasicHeader || body.has('client_secret')) return 'sent a client secret although the client registered as public (none)';
      if (body.get('client_id') !== client.clientId) return `carried no client_id=${client.clientId} in the body, as a public client must`;
      return undefined;
    case 'client_secret_basic':
      if (!basic) return hasBasicHeader ? 'sent a malformed Basic Authorization header' : 'sent no Authorization: Basic header (registered client_secret_basic)';
      if (basic.id !== client.clientId || basic.secret !== client.secret) return 'sent Basic credentials that are not the registered client_id and client_secret';
      if (body.has('client_secret')) return 'also sent client_secret in the body (one method only)';
      return undefined;
    case 'client_secret_post':
      if (hasBasicHeader) return 'sent an Authorization: Basic header although the client registered client_secret_post';
      if (body.get('client_id') !== client.clientId || body.get('client_secret') !== client.secret) {
        return 'did not carry the registered client_id and client_secret in the body (registered client_secret_post)';
      }
      return undefined;
  }
}

export const tokenEndpointAuthMethod: Check = {
  id: 'token-endpoint-auth-method',
  title: 'The token request authenticates with the method that was registered',
  requirements: ['REG-5'],
  level: levelSince('MUST'),
  run(ctx) {
    const clients = registeredClients(ctx);
    const requests = ctx.topology.authorizationServers.flatMap((as) => tokenRequests(ctx.trace, as)).filter((ex) => ex.from === 'client');
    if (requests.length === 0) return skip('the client made no token request');
    for (const ex of requests) {
      const id = bodyParams(ex).get('client_id') ?? basicCredentials(ex)?.id;
      const client = clients.find((c) => c.clientId === id);
      if (!client) {
        return fail(`expected the credentials of a registered client; ${describe(ex, ctx.topology)} carried client_id=${id ?? '(none)'}, which was never registered`, [ex.seq]);
      }
      const problem = authenticationProblem(ex, client);
      if (problem) {
        return fail(`expected ${client.method} authentication for client ${client.clientId}; ${describe(ex, ctx.topology)} ${problem}`, [
          ...(client.evidence ? [client.evidence.seq] : []),
          ex.seq,
        ]);
      }
    }
    return pass('every token request authenticated with the registered method', seqs(requests));
  },
};
