import {
  authorizationRequests,
  bodyParams,
  describe,
  fromClient,
  header,
  jsonBody,
  ok,
  registrationRequests,
  seqs,
  clientTokenRequests,
  urlWithoutQuery,
} from '../trace.js';
import type { CheckContext, Exchange, TokenEndpointAuthMethod } from '../types.js';
import { basicCredentials, formDecoded } from '../credentials.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

/** A client identity the checks know of: registered dynamically, pre-registered, or a metadata document URL. */
interface ClientIdentity {
  clientId: string;
  secret?: string;
  /** The method the server registered: the registration response's, the scenario's, or none for a metadata document. */
  method: TokenEndpointAuthMethod;
  redirectUris: string[];
  /** Where the method comes from, for messages. */
  source: 'registration' | 'context' | 'metadata-document';
  /** What the registration request asked for (undefined: omitted). */
  requested?: string;
  evidence?: Exchange;
}

/** Every client identity known from the trace (dynamic registrations) and the scenario (pre-registered). */
export function registeredClients(ctx: CheckContext): ClientIdentity[] {
  const clients: ClientIdentity[] = [];
  const preRegistered = ctx.scenario.context;
  if (preRegistered?.client_id) {
    clients.push({
      clientId: preRegistered.client_id,
      secret: preRegistered.client_secret,
      method: (preRegistered.token_endpoint_auth_method as TokenEndpointAuthMethod | undefined) ?? 'client_secret_basic',
      redirectUris: preRegistered.redirect_uris ? preRegistered.redirect_uris.split(' ') : [],
      source: 'context',
    });
  }
  for (const as of ctx.topology.authorizationServers) {
    for (const ex of registrationRequests(ctx.trace, as)) {
      if (!ok(ex)) continue;
      const issued = jsonBody<{ client_id?: string; client_secret?: string; token_endpoint_auth_method?: string; redirect_uris?: string[] }>(ex.responseBody);
      if (!issued?.client_id) continue;
      const requested = jsonBody<{ token_endpoint_auth_method?: unknown }>(ex.requestBody)?.token_endpoint_auth_method;
      clients.push({
        clientId: issued.client_id,
        secret: issued.client_secret,
        // RFC 7591 §3.2.1: the response returns every registered value, a replaced one included. A response without
        // the method (against that rule) is read by its secret: a secret means client_secret_basic (§2's default).
        method: (issued.token_endpoint_auth_method as TokenEndpointAuthMethod | undefined) ?? (issued.client_secret ? 'client_secret_basic' : 'none'),
        redirectUris: issued.redirect_uris ?? [],
        source: 'registration',
        ...(typeof requested === 'string' ? { requested } : {}),
        evidence: ex,
      });
    }
  }
  // A Client ID Metadata Document client is its URL, a public client (REG-3: no shared secret).
  for (const spec of ctx.scenario.topology.authorizationServers.filter((as) => as.clientIdMetadataDocuments)) {
    const resolved = ctx.topology.authorizationServers.find((as) => as.id === spec.id);
    for (const ex of resolved ? authorizationRequests(ctx.trace, resolved) : []) {
      const id = new URL(ex.url).searchParams.get('client_id') ?? '';
      if (/^https:\/\//.test(id) && !clients.some((c) => c.clientId === id))
        clients.push({ clientId: id, method: 'none', redirectUris: [], source: 'metadata-document' });
    }
  }
  return clients;
}

/** At most three values, so a client that registered many times does not flood the message. */
function listed(values: Set<string>): string {
  const all = [...values];
  return all.length > 3 ? `${all.slice(0, 3).join(', ')} and ${all.length - 3} more` : all.join(', ');
}

/**
 * Judges that a registration was accepted and its client_id used, not the metadata requested: no sentence of MCP,
 * RFC 7591 or RFC 8414 asks a client to request a token_endpoint_auth_method the server lists, and a server may assign
 * another (RFC 7591 §3.2.1), so a public client asking for none is right even where only secret methods are listed.
 */
export const registrationDcr = defineCheck({
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
        [rejected.seq],
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
        [foreign.seq],
      );
    }
    return pass(`registered at ${as.endpoints.registration} and used the issued client_id`, seqs(accepted));
  },
});

/** How a token request authenticated the client, as the server would read it. */
type Usage =
  | { kind: 'none' | 'client_secret_post'; id?: string; secret?: string }
  | { kind: 'client_secret_basic'; id: string; secret: string; raw: { id: string; secret: string } }
  | { kind: 'both'; id: string; secret: string; raw: { id: string; secret: string } }
  | { kind: 'malformed-basic'; id?: string; why: string };

function usageOf(ex: Exchange): Usage {
  const body = bodyParams(ex);
  const bodyId = body.get('client_id') ?? undefined;
  const bodySecret = body.get('client_secret') ?? undefined;
  const basic = basicCredentials(header(ex, 'authorization'));
  if (!basic) {
    return bodySecret !== undefined ? { kind: 'client_secret_post', id: bodyId, secret: bodySecret } : { kind: 'none', id: bodyId };
  }
  const malformed = (why: string): Usage => ({ kind: 'malformed-basic', id: bodyId, why });
  if (!basic.wellFormed) return malformed('its credentials are not base64');
  if (!basic.pair) return malformed('the decoded credentials have no ":" between client_id and secret');
  const id = formDecoded(basic.pair.id);
  const secret = formDecoded(basic.pair.secret);
  if (id === undefined || secret === undefined) return malformed('its credentials are not application/x-www-form-urlencoded (RFC 6749 §2.3.1)');
  const raw = basic.pair;
  return bodySecret !== undefined ? { kind: 'both', id, secret, raw } : { kind: 'client_secret_basic', id, secret, raw };
}

/** "with client_id/client_secret in the body": what a token request did, in a message. */
function usageText(usage: Usage): string {
  switch (usage.kind) {
    case 'none':
      return usage.id === undefined ? 'no client credentials at all (no client_id in the body)' : 'client_id in the body and no client secret (none)';
    case 'client_secret_post':
      return 'client_id/client_secret in the body (client_secret_post)';
    case 'client_secret_basic':
      return 'an Authorization: Basic header (client_secret_basic)';
    case 'both':
      return 'an Authorization: Basic header and client_secret in the body: two methods in one request, which RFC 6749 §2.3 and OAuth 2.1 §2.4 forbid ("MUST NOT use more than one authentication method in each request")';
    case 'malformed-basic':
      return `a malformed Authorization: Basic header (${usage.why})`;
  }
}

/** Where the method a client must use comes from, for messages. */
function origin(client: ClientIdentity): string {
  switch (client.source) {
    case 'registration': {
      const asked = client.requested === undefined ? 'the request omitted it, which means client_secret_basic' : `the client asked for ${client.requested}`;
      return `assigned by the registration response at seq ${client.evidence!.seq}${client.requested === client.method ? '' : `; ${asked}`}`;
    }
    case 'context':
      return 'the pre-registered method of MCP_CONFORMANCE_CONTEXT';
    case 'metadata-document':
      return 'a Client ID Metadata Document client is public';
  }
}

/** What is wrong with how a token request authenticated the client (beyond using another method), or undefined. */
function credentialProblem(ex: Exchange, usage: Usage, client: ClientIdentity): string | undefined {
  const bodyId = bodyParams(ex).get('client_id');
  if (usage.kind === 'client_secret_basic') {
    // The issued values sent without form-encoding: client-secret-basic-encoded judges that (RFC 6749 §2.3.1).
    const unencoded = usage.raw.id === client.clientId && usage.raw.secret === client.secret;
    if (!unencoded && (usage.id !== client.clientId || usage.secret !== client.secret)) {
      return 'Basic credentials that are not the issued client_id and client_secret (each application/x-www-form-urlencoded, RFC 6749 §2.3.1)';
    }
    if (bodyId !== null && bodyId !== usage.id && bodyId !== usage.raw.id)
      return `an Authorization: Basic header for ${usage.id} and client_id=${bodyId} in the body`;
  }
  if (usage.kind === 'client_secret_post' && (usage.id !== client.clientId || usage.secret !== client.secret)) {
    return usage.id === undefined ? 'client_secret but no client_id in the body' : 'client_id/client_secret in the body that are not the issued ones';
  }
  return undefined;
}

export const tokenEndpointAuthMethod = defineCheck({
  id: 'token-endpoint-auth-method',
  title: 'Every token request authenticates with the method the registration assigned, and with one method only',
  requirements: ['REG-5'],
  level: levelSince('MUST'),
  run(ctx) {
    const clients = registeredClients(ctx);
    const requests = clientTokenRequests(ctx.trace, ctx.topology);
    if (requests.length === 0) return skip('the client made no token request');
    const expected = (ex: Exchange, method: string) => `expected ${ex.method} ${urlWithoutQuery(ex)} with ${method}`;
    for (const ex of requests) {
      // The client a request names: the Basic user name, else the body's client_id.
      const usage = usageOf(ex);
      const id = usage.id;
      const client = clients.find((c) => c.clientId === id) ?? ('raw' in usage ? clients.find((c) => c.clientId === usage.raw.id) : undefined);
      if (!client) {
        if (usage.kind === 'malformed-basic')
          return fail(`expected the credentials of a registered client; ${describe(ex, ctx.topology)} sent ${usageText(usage)}`, [ex.seq]);
        return fail(
          `expected the credentials of a registered client; ${describe(ex, ctx.topology)} carried client_id=${id ?? '(none)'}, which was never registered`,
          [ex.seq],
        );
      }
      const evidence = [...(client.evidence ? [client.evidence.seq] : []), ex.seq];
      const problem = usage.kind === client.method ? credentialProblem(ex, usage, client) : usageText(usage);
      if (problem)
        return fail(`${expected(ex, client.method)} (${origin(client)}); the client sent ${describe(ex, ctx.topology)} with ${problem}`, evidence, [ex.seq]);
    }
    const clientOf = (usage: Usage) => clients.find((c) => c.clientId === usage.id || ('raw' in usage && c.clientId === usage.raw.id))!;
    const used = [...new Set(requests.map((ex) => clientOf(usageOf(ex))))];
    const methods = used.map((c) => `${c.method} (${origin(c)})`).join('; ');
    return pass(`every token request (${requests.length}) authenticated with one method, the registered one: ${methods}`, seqs(requests));
  },
});

/** "POST …/register to the authorization server (answered 400): invalid_client_metadata (…)" */
function refusal(ex: Exchange, ctx: CheckContext): string {
  const error = jsonBody<{ error?: string; error_description?: string }>(ex.responseBody);
  return `${describe(ex, ctx.topology)}: ${error?.error ?? 'error'}${error?.error_description ? ` (${error.error_description})` : ''}`;
}

/** The token_endpoint_auth_method a registration request asked for, in a message. */
function askedFor(ex: Exchange): string {
  const asked = jsonBody<{ token_endpoint_auth_method?: unknown }>(ex.requestBody)?.token_endpoint_auth_method;
  return typeof asked === 'string' ? asked : 'nothing (client_secret_basic by default)';
}

/**
 * Interop, not a specification requirement: a server may refuse an unsupported token_endpoint_auth_method
 * (RFC 7591 §3.2.2 invalid_client_metadata) instead of assigning one (§3.2.1), and the metadata's
 * token_endpoint_auth_methods_supported (RFC 8414 §2) says which it would accept. Neither RFC nor MCP says what the
 * client does next; registering again with a listed method is what lets the user in.
 */
export const registrationMethodRetry = defineCheck({
  id: 'registration-method-retry',
  title: 'A registration refused for its token_endpoint_auth_method is followed by one with a method the server lists (interop)',
  requirements: ['REG-4'],
  level: levelSince('SHOULD'),
  run(ctx) {
    if (ctx.scenario.context?.client_id) return skip('the scenario supplies pre-registered credentials');
    const spec = ctx.scenario.topology.authorizationServers.find((as) => as.registrationPolicy === 'refuse-unsupported-method');
    const as = spec && ctx.topology.authorizationServers.find((a) => a.id === spec.id);
    if (!spec || !as?.endpoints.registration) return skip('no authorization server refuses an unsupported token_endpoint_auth_method');
    const supported = spec.tokenEndpointAuthMethods.join(', ');
    const wanted = `POST ${as.endpoints.registration} with a token_endpoint_auth_method of token_endpoint_auth_methods_supported (${supported})`;
    const requests = registrationRequests(ctx.trace, as).filter((ex) => ex.from === 'client');
    if (requests.length === 0) {
      const sentAny = fromClient(ctx.trace).some((ex) => ex.server === as.id);
      return fail(
        `expected ${wanted}; ${sentAny ? 'the client contacted the authorization server but never registered' : 'the client never contacted the authorization server'}`,
      );
    }
    const first = requests[0]!;
    if (ok(first)) return pass(`registered at once asking for ${askedFor(first)}, a method the server lists: ${describe(first, ctx.topology)}`, [first.seq]);
    const later = requests.slice(1);
    const accepted = later.find(ok);
    if (accepted) {
      return pass(`after ${refusal(first, ctx)}, the client registered again asking for ${askedFor(accepted)}: ${describe(accepted, ctx.topology)}`, [
        first.seq,
        accepted.seq,
      ]);
    }
    if (later.length > 0) {
      const asked = [...new Set(later.map(askedFor))].join(', ');
      return fail(
        `expected ${wanted} after ${refusal(first, ctx)}; the client registered again ${later.length} time(s) asking for ${asked}, and was refused each time`,
        seqs(requests),
        seqs(later),
      );
    }
    return fail(`expected ${wanted} after ${refusal(first, ctx)}; the client never registered again`, [first.seq], []);
  },
});
