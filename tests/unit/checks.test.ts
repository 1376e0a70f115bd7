// Checks judged on synthetic traces: each check passes on the conformant sequence and fails, naming the
// wrong request, on a sequence with one mistake in it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { splitAuth0 } from '../../scenarios/catalogue/split-auth0.js';
import { pathSuffixed } from '../../scenarios/catalogue/path-suffixed.js';
import { CHECKS } from '../../scenarios/checks/index.js';
import { judge } from '../../scenarios/judge.js';
import type { ResolvedTopology, Scenario, SpecVersion, Trace } from '../../scenarios/types.js';
import { traceBuilder, type Step } from '../synthetic-trace.js';

const RS = 'http://localhost:4000';
const AS = 'http://127.0.0.1:5000';
const MCP = `${RS}/example-server`;
const PRM = `${RS}/.well-known/oauth-protected-resource/example-server`;
const REDIRECT = 'http://127.0.0.1:6000/callback';
const VERIFIER = 'v'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

const topology: ResolvedTopology = {
  resourceServers: [{ id: 'gateway', origin: RS, mcpUrl: MCP, prmUrls: [PRM], challengeResourceMetadata: PRM, resource: MCP, authorizationServers: ['auth0'] }],
  authorizationServers: [
    {
      id: 'auth0',
      origin: AS,
      issuer: `${AS}/`,
      endpoints: { authorization: `${AS}/authorize`, token: `${AS}/oauth/token`, registration: `${AS}/oidc/register` },
      metadataUrls: { 'oauth-path-inserted': `${AS}/.well-known/oauth-authorization-server` },
    },
  ],
};

const trace = traceBuilder({ id: 'gateway', origin: RS }, { id: 'auth0', origin: AS });

const authorizeUrl = (extra: Record<string, string> = {}, omit: string[] = []) => {
  const url = new URL(`${AS}/authorize`);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: 'c1',
    redirect_uri: REDIRECT,
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    state: 'st',
    resource: MCP,
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) if (!omit.includes(k)) url.searchParams.set(k, v);
  return url.href;
};

const tokenBody = (extra: Record<string, string> = {}, omit: string[] = []) => {
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code: 'code-1',
    code_verifier: VERIFIER,
    client_id: 'c1',
    redirect_uri: REDIRECT,
    resource: MCP,
    ...extra,
  };
  for (const k of omit) delete params[k];
  return new URLSearchParams(params).toString();
};

/** The conformant sequence, with hooks to swap one step for a mistaken one. */
function conformant(overrides: { prm?: Step[]; metadata?: Step[]; authorize?: string; token?: string; mcp?: Step[] } = {}): Trace {
  return trace(
    { method: 'POST', url: MCP, status: 401 },
    ...(overrides.prm ?? [{ method: 'GET', url: PRM, status: 200, responseHeaders: { 'content-type': 'application/json' } }]),
    ...(overrides.metadata ?? [
      { method: 'GET', url: `${AS}/.well-known/oauth-authorization-server`, status: 200, responseHeaders: { 'content-type': 'application/json' } },
    ]),
    {
      method: 'POST',
      url: `${AS}/oidc/register`,
      status: 201,
      requestHeaders: { 'content-type': 'application/json' },
      requestBody: JSON.stringify({
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        application_type: 'native',
      }),
      responseBody: JSON.stringify({ client_id: 'c1', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] }),
    },
    {
      method: 'GET',
      url: overrides.authorize ?? authorizeUrl(),
      status: 302,
      from: 'user-agent',
      responseHeaders: { location: `${REDIRECT}?code=code-1&state=st` },
    },
    {
      method: 'POST',
      url: `${AS}/oauth/token`,
      status: 200,
      requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
      requestBody: overrides.token ?? tokenBody(),
      responseBody: JSON.stringify({ access_token: 'at-123456', token_type: 'Bearer' }),
    },
    ...(overrides.mcp ?? [
      { method: 'POST', url: MCP, status: 200, requestHeaders: { authorization: 'Bearer at-123456' } },
      { method: 'DELETE', url: MCP, status: 200, requestHeaders: { authorization: 'Bearer at-123456' } },
    ]),
  );
}

function run(checkId: string, t: Trace, scenario: Scenario = splitAuth0, spec: SpecVersion = '2026-07-28', topo = topology) {
  const check = CHECKS.get(checkId);
  assert.ok(check, `no check ${checkId}`);
  return check.run({ trace: t, scenario, topology: topo, specVersion: spec });
}

describe('every check of the core scenarios passes on the conformant trace', () => {
  for (const id of splitAuth0.checks) {
    it(id, () => {
      const outcome = run(id, conformant());
      assert.equal(outcome.status, 'pass', outcome.message);
    });
  }
});

describe('checks fail on a single mistake, naming the request', () => {
  it('asm-from-authorization-server: metadata fetched below the MCP URL (the founding bug)', () => {
    const wrong = `${MCP}/.well-known/oauth-authorization-server`;
    const outcome = run('asm-from-authorization-server', conformant({ metadata: [{ method: 'GET', url: wrong, status: 401 }] }));
    assert.equal(outcome.status, 'fail');
    assert.equal(
      outcome.message,
      `expected GET ${AS}/.well-known/oauth-authorization-server (from authorization_servers[0] "${AS}/"); the client sent GET ${wrong} to the MCP server (answered 401)`,
    );
    assert.deepEqual(outcome.evidence, [3]);
  });

  it('prm-uses-header-url: root metadata fetched instead of the resource_metadata URL', () => {
    const outcome = run('prm-uses-header-url', conformant({ prm: [{ method: 'GET', url: `${RS}/.well-known/oauth-protected-resource`, status: 404 }] }));
    assert.equal(outcome.status, 'fail');
    assert.match(
      outcome.message,
      new RegExp(
        `expected GET ${PRM.replace(/[.?]/g, '\\$&')} .*the client sent GET ${RS}/\\.well-known/oauth-protected-resource to the MCP server \\(answered 404\\) instead`,
      ),
    );
  });

  it('prm-well-known-order: root before path-inserted when the challenge names no URL', () => {
    const noHeader: ResolvedTopology = { ...topology, resourceServers: [{ ...topology.resourceServers[0]!, challengeResourceMetadata: undefined }] };
    const rootFirst = conformant({
      prm: [
        { method: 'GET', url: `${RS}/.well-known/oauth-protected-resource`, status: 404 },
        { method: 'GET', url: PRM, status: 200 },
      ],
    });
    const outcome = run('prm-well-known-order', rootFirst, pathSuffixed, '2026-07-28', noHeader);
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.message, /out of order$/);
    assert.equal(run('prm-well-known-order', conformant(), pathSuffixed, '2026-07-28', noHeader).status, 'pass');
  });

  it('asm-well-known-order: a trailing-slash issuer probed with the slash kept', () => {
    const outcome = run(
      'asm-well-known-order',
      conformant({ metadata: [{ method: 'GET', url: `${AS}/.well-known/oauth-authorization-server/`, status: 404 }] }),
    );
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.message, /not a metadata URL of issuer/);
  });

  it('asm-well-known-order: OIDC before RFC 8414 is MUST from 2025-11-25 and SHOULD before', () => {
    const oidcFirst = conformant({ metadata: [{ method: 'GET', url: `${AS}/.well-known/openid-configuration`, status: 200 }] });
    const verdicts = (spec: SpecVersion) =>
      judge({ trace: oidcFirst, scenario: splitAuth0, topology, specVersion: spec }).find((v) => v.id === 'asm-well-known-order');
    assert.equal(verdicts('2025-11-25')?.status, 'fail');
    assert.equal(verdicts('2025-06-18')?.status, 'warn');
  });

  it('pkce-s256: plain method', () => {
    const outcome = run('pkce-s256', conformant({ authorize: authorizeUrl({ code_challenge_method: 'plain' }) }));
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.message, /carried code_challenge_method=plain$/);
  });

  it('pkce-s256: method omitted', () => {
    const outcome = run('pkce-s256', conformant({ authorize: authorizeUrl({}, ['code_challenge_method']) }));
    assert.match(outcome.message, /carried no code_challenge_method, so the server assumes plain$/);
  });

  it('pkce-verifier: no verifier, and a verifier of another challenge', () => {
    assert.match(run('pkce-verifier', conformant({ token: tokenBody({}, ['code_verifier']) })).message, /carried none$/);
    const other = run('pkce-verifier', conformant({ token: tokenBody({ code_verifier: 'w'.repeat(43) }) }));
    assert.equal(other.status, 'fail');
    assert.match(other.message, /whose S256 is not the code_challenge of GET/);
  });

  it('resource-parameter: missing in the token request, or the origin instead of the MCP URL', () => {
    const missing = run('resource-parameter', conformant({ token: tokenBody({}, ['resource']) }));
    assert.match(missing.message, /in the authorization_code token request; POST .*\/oauth\/token .*carried no resource parameter$/);
    const origin = run('resource-parameter', conformant({ authorize: authorizeUrl({ resource: RS }) }));
    assert.equal(origin.status, 'fail');
    assert.match(origin.message, new RegExp(`carried resource=${RS}$`));
  });

  it('state-present: no state is a failure that judge turns into a warning (SHOULD)', () => {
    const t = conformant({ authorize: authorizeUrl({}, ['state']) });
    assert.equal(run('state-present', t).status, 'fail');
    assert.equal(judge({ trace: t, scenario: splitAuth0, topology, specVersion: '2026-07-28' }).find((v) => v.id === 'state-present')?.status, 'warn');
  });

  it('redirect-uri: not the registered one; non-loopback http', () => {
    const other = run('redirect-uri', conformant({ authorize: authorizeUrl({ redirect_uri: 'http://127.0.0.1:7000/cb' }) }));
    assert.match(other.message, /the client registered http:\/\/127\.0\.0\.1:6000\/callback$/);
    const remote = run('redirect-uri', conformant({ authorize: authorizeUrl({ redirect_uri: 'http://example.com/cb' }) }));
    assert.match(remote.message, /neither loopback http nor https$/);
  });

  it('token-endpoint-auth-method: a secret sent by a public client', () => {
    const outcome = run('token-endpoint-auth-method', conformant({ token: tokenBody({ client_secret: 'nope-secret' }) }));
    assert.equal(outcome.status, 'fail');
    assert.match(
      outcome.message,
      /^expected POST \S+\/oauth\/token with none \(assigned by the registration response at seq 4\); .* with client_id\/client_secret in the body \(client_secret_post\)$/,
    );
  });

  it('bearer-header: a request without the token after it was issued; a token in the query', () => {
    const bare = run(
      'bearer-header',
      conformant({
        mcp: [
          { method: 'POST', url: MCP, status: 200, requestHeaders: { authorization: 'Bearer at-123456' } },
          { method: 'GET', url: MCP, status: 401 },
        ],
      }),
    );
    assert.match(bare.message, new RegExp(`the client sent GET ${MCP} to the MCP server \\(answered 401\\) without an Authorization header$`));
    // The same request answered 401 and followed by protected resource metadata starts discovery over (Codex at start-up).
    const probe = run(
      'bearer-header',
      conformant({
        mcp: [
          { method: 'GET', url: MCP, status: 401 },
          { method: 'GET', url: PRM, status: 200 },
          { method: 'POST', url: MCP, status: 200, requestHeaders: { authorization: 'Bearer at-123456' } },
        ],
      }),
    );
    assert.equal(probe.status, 'pass', probe.message);
    // A request of a running session (it carries the session id) without the token fails, whatever follows it.
    const dropped = run(
      'bearer-header',
      conformant({
        mcp: [
          { method: 'POST', url: MCP, status: 200, requestHeaders: { authorization: 'Bearer at-123456' } },
          { method: 'POST', url: MCP, status: 401, requestHeaders: { 'mcp-session-id': 's-1' }, requestBody: '{"jsonrpc":"2.0","id":2,"method":"tools/call"}' },
          { method: 'GET', url: PRM, status: 200 },
          { method: 'POST', url: MCP, status: 200, requestHeaders: { authorization: 'Bearer at-123456' } },
        ],
      }),
    );
    assert.equal(dropped.status, 'fail', dropped.message);
    assert.match(dropped.message, /the client sent POST \S+ to the MCP server \(answered 401\) without an Authorization header$/);
    assert.match(probe.message, /#\d+ without one started discovery over \(401, then protected resource metadata\), the flow's first step$/);
    const inQuery = run('bearer-header', conformant({ mcp: [{ method: 'POST', url: `${MCP}?access_token=at-123456`, status: 200 }] }));
    assert.match(inQuery.message, /carried access_token in the query string$/);
  });

  it('authorized-request: bearer requests all refused', () => {
    const outcome = run(
      'authorized-request',
      conformant({ mcp: [{ method: 'POST', url: MCP, status: 401, requestHeaders: { authorization: 'Bearer at-123456' } }] }),
    );
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.message, /its bearer requests were refused, last POST/);
  });

  it('asm-endpoints-from-metadata: a guessed /token on the authorization server', () => {
    const t = conformant();
    t.exchanges.push({ ...t.exchanges[5]!, seq: 99, url: `${AS}/token`, status: 404 });
    const outcome = run('asm-endpoints-from-metadata', t);
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.message, new RegExp(`expected the token_endpoint the metadata names \\(${AS}/oauth/token\\); the client sent POST ${AS}/token`));
  });

  it('registration-dcr: the client uses a client_id it was never issued', () => {
    const outcome = run('registration-dcr', conformant({ authorize: authorizeUrl({ client_id: 'made-up' }) }));
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.message, /used client_id=made-up$/);
  });

  it('scope-selection: offline_access beside the expected scope is no other choice where the authorization server lists it', () => {
    const withOffline = (listed: boolean): Scenario => ({
      ...splitAuth0,
      topology: {
        ...splitAuth0.topology,
        resourceServers: splitAuth0.topology.resourceServers.map((rs) => ({ ...rs, challenge: { ...rs.challenge, scope: 'mcp:tools' } })),
        authorizationServers: splitAuth0.topology.authorizationServers.map((as) => ({
          ...as,
          scopesSupported: listed ? ['mcp:tools', 'offline_access'] : ['mcp:tools'],
        })),
      },
    });
    const t = conformant({ authorize: authorizeUrl({ scope: 'mcp:tools offline_access' }) });
    const listed = run('scope-selection', t, withOffline(true));
    assert.equal(listed.status, 'pass', listed.message);
    assert.match(listed.message, /with offline_access, which the authorization server lists$/);
    const unlisted = run('scope-selection', t, withOffline(false));
    assert.equal(unlisted.status, 'fail');
    assert.match(unlisted.message, /^expected scope="mcp:tools" .*requested scope="mcp:tools offline_access"$/);
  });

  it('scope-selection: a scope requested where none is defined', () => {
    const outcome = run('scope-selection', conformant({ authorize: authorizeUrl({ scope: 'openid email profile' }) }));
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.message, /^expected no scope parameter .*requested scope="openid email profile"$/);
  });
});

/** A registration that asked for `requested` and was assigned `assigned` (RFC 7591 §3.2.1), with a secret for a secret method. */
function assignedRegistration(requested: string | undefined, assigned: string, secret = 's3cr3t'): Step {
  return {
    method: 'POST',
    url: `${AS}/oidc/register`,
    status: 201,
    requestHeaders: { 'content-type': 'application/json' },
    requestBody: JSON.stringify({ redirect_uris: [REDIRECT], ...(requested ? { token_endpoint_auth_method: requested } : {}) }),
    responseBody: JSON.stringify({
      client_id: 'c1',
      token_endpoint_auth_method: assigned,
      redirect_uris: [REDIRECT],
      ...(assigned === 'none' ? {} : { client_secret: secret, client_secret_expires_at: 0 }),
    }),
  };
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const formEncoded = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

/** The conformant sequence with a registration the server assigned and token requests sent with the given credentials. */
function assignedTrace(registration: Step, ...tokens: { headers?: Record<string, string>; body: string }[]): Trace {
  const t = conformant();
  const steps: Step[] = [
    ...t.exchanges.slice(0, 3),
    registration,
    t.exchanges[4]!,
    ...tokens.map((token) => ({
      method: 'POST',
      url: `${AS}/oauth/token`,
      status: 200,
      requestHeaders: { 'content-type': 'application/x-www-form-urlencoded', ...token.headers },
      requestBody: token.body,
      responseBody: JSON.stringify({ access_token: 'at-123456', token_type: 'Bearer', refresh_token: 'rt-1' }),
    })),
    ...t.exchanges.slice(6),
  ];
  return trace(...steps);
}

const refreshBody = (extra: Record<string, string> = {}) =>
  new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'rt-1', resource: MCP, ...extra }).toString();

describe('token-endpoint-auth-method judges the method the registration response assigned', () => {
  const TOKEN = `${AS}/oauth/token`;

  it('passes Basic credentials when a client that asked for none was assigned client_secret_basic', () => {
    const t = assignedTrace(assignedRegistration('none', 'client_secret_basic'), {
      headers: { authorization: basic('c1', 's3cr3t') },
      body: tokenBody({}, ['client_id']),
    });
    const outcome = run('token-endpoint-auth-method', t);
    assert.equal(outcome.status, 'pass', outcome.message);
  });

  it('fails a client that keeps none after client_secret_basic was assigned, naming the request and the registration', () => {
    const t = assignedTrace(assignedRegistration('none', 'client_secret_basic'), { body: tokenBody() });
    const outcome = run('token-endpoint-auth-method', t);
    assert.equal(outcome.status, 'fail');
    assert.equal(
      outcome.message,
      `expected POST ${TOKEN} with client_secret_basic (assigned by the registration response at seq 4; the client asked for none); ` +
        `the client sent POST ${TOKEN} to the authorization server (answered 200) with client_id in the body and no client secret (none)`,
    );
    assert.deepEqual(outcome.evidence, [4, 6]);
  });

  it('fails client_secret_post when client_secret_basic was assigned', () => {
    const t = assignedTrace(assignedRegistration('client_secret_post', 'client_secret_basic'), { body: tokenBody({ client_secret: 's3cr3t' }) });
    const outcome = run('token-endpoint-auth-method', t);
    assert.equal(outcome.status, 'fail');
    assert.match(
      outcome.message,
      /with client_secret_basic \(assigned by the registration response at seq 4; the client asked for client_secret_post\); the client sent POST .* with client_id\/client_secret in the body \(client_secret_post\)$/,
    );
  });

  it('passes client_secret_post when a client that omitted the method was assigned it', () => {
    const t = assignedTrace(assignedRegistration(undefined, 'client_secret_post'), { body: tokenBody({ client_secret: 's3cr3t' }) });
    assert.equal(run('token-endpoint-auth-method', t).status, 'pass');
    const wrong = run(
      'token-endpoint-auth-method',
      assignedTrace(assignedRegistration(undefined, 'client_secret_post'), { body: tokenBody({ client_secret: 'other' }) }),
    );
    assert.match(
      wrong.message,
      /\(assigned by the registration response at seq 4; the request omitted it, which means client_secret_basic\); .* with client_id\/client_secret in the body that are not the issued ones$/,
    );
  });

  it('fails a secret sent when none was assigned to a client that asked for client_secret_basic', () => {
    const t = assignedTrace(assignedRegistration('client_secret_basic', 'none'), { headers: { authorization: basic('c1', 'guess') }, body: tokenBody() });
    const outcome = run('token-endpoint-auth-method', t);
    assert.equal(outcome.status, 'fail');
    assert.match(
      outcome.message,
      /with none \(assigned by the registration response at seq 4; the client asked for client_secret_basic\); .* with an Authorization: Basic header \(client_secret_basic\)$/,
    );
  });

  it('fails two methods in one request even when one of them is the assigned one', () => {
    const t = assignedTrace(assignedRegistration('client_secret_basic', 'client_secret_basic'), {
      headers: { authorization: basic('c1', 's3cr3t') },
      body: tokenBody({ client_secret: 's3cr3t' }),
    });
    const outcome = run('token-endpoint-auth-method', t);
    assert.equal(outcome.status, 'fail');
    assert.match(
      outcome.message,
      /^expected POST \S+ with client_secret_basic \(assigned by the registration response at seq 4\); .* with an Authorization: Basic header and client_secret in the body: two methods in one request/,
    );
  });

  it('requires Basic credentials form-encoded (RFC 6749 §2.3.1) and well formed', () => {
    const secret = 'a b+c/d%';
    const registration = assignedRegistration('none', 'client_secret_basic', secret);
    const encoded = assignedTrace(registration, { headers: { authorization: basic('c1', formEncoded(secret)) }, body: tokenBody({}, ['client_id']) });
    assert.equal(run('token-endpoint-auth-method', encoded).status, 'pass', run('token-endpoint-auth-method', encoded).message);
    const raw = run('token-endpoint-auth-method', assignedTrace(registration, { headers: { authorization: basic('c1', secret) }, body: tokenBody() }));
    assert.equal(raw.status, 'fail');
    assert.match(raw.message, /with a malformed Authorization: Basic header \(its credentials are not application\/x-www-form-urlencoded/);
    const noColon = run(
      'token-endpoint-auth-method',
      assignedTrace(registration, { headers: { authorization: `Basic ${Buffer.from('c1').toString('base64')}` }, body: tokenBody() }),
    );
    assert.match(noColon.message, /with a malformed Authorization: Basic header \(the decoded credentials have no ":"/);
    const plus = assignedRegistration('none', 'client_secret_basic', 'a+b');
    // The issued values sent as they are: token-endpoint-auth-method leaves that to client-secret-basic-encoded.
    const plusTrace = assignedTrace(plus, { headers: { authorization: basic('c1', 'a+b') }, body: tokenBody({}, ['client_id']) });
    assert.equal(run('token-endpoint-auth-method', plusTrace).status, 'pass');
    const unencodedPlus = run('client-secret-basic-encoded', plusTrace);
    assert.equal(unencodedPlus.status, 'fail');
    assert.match(
      unencodedPlus.message,
      /^expected the client_id and client_secret form-encoded in the Basic header \(client_id c1\); .* carried them as issued/,
    );
    assert.equal(run('client-secret-basic-encoded', encoded).status, 'pass');
  });

  it('judges refresh requests too', () => {
    const registration = assignedRegistration('none', 'client_secret_basic');
    const t = assignedTrace(
      registration,
      { headers: { authorization: basic('c1', 's3cr3t') }, body: tokenBody({}, ['client_id']) },
      { body: refreshBody({ client_id: 'c1' }) },
    );
    const outcome = run('token-endpoint-auth-method', t);
    assert.equal(outcome.status, 'fail');
    assert.match(
      outcome.message,
      /the client sent POST \S+ to the authorization server \(answered 200\) with client_id in the body and no client secret \(none\)$/,
    );
    assert.deepEqual(outcome.evidence, [4, 7]);
  });

  it('registration-dcr: asking for none where the server assigned a secret method is no failure', () => {
    const t = assignedTrace(assignedRegistration('none', 'client_secret_basic'), {
      headers: { authorization: basic('c1', 's3cr3t') },
      body: tokenBody({}, ['client_id']),
    });
    assert.equal(run('registration-dcr', t).status, 'pass');
  });
});

describe('registration-method-retry judges a server that refuses an unsupported method (interop)', () => {
  const strict: Scenario = {
    ...splitAuth0,
    id: 'strict',
    suite: 'interop',
    topology: {
      ...splitAuth0.topology,
      authorizationServers: splitAuth0.topology.authorizationServers.map((as) => ({
        ...as,
        tokenEndpointAuthMethods: ['client_secret_basic'],
        registrationPolicy: 'refuse-unsupported-method' as const,
      })),
    },
  };
  const refused: Step = {
    method: 'POST',
    url: `${AS}/oidc/register`,
    status: 400,
    requestHeaders: { 'content-type': 'application/json' },
    requestBody: JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }),
    responseBody: JSON.stringify({
      error: 'invalid_client_metadata',
      error_description: 'token_endpoint_auth_method none is not supported; supported: client_secret_basic',
    }),
  };
  const head = () => conformant().exchanges.slice(0, 3) as Step[];

  it('passes a client that registers again with a listed method', () => {
    const t = trace(...head(), refused, assignedRegistration('client_secret_basic', 'client_secret_basic'));
    const outcome = run('registration-method-retry', t, strict);
    assert.equal(outcome.status, 'pass', outcome.message);
    assert.match(
      outcome.message,
      /^after POST \S+ to the authorization server \(answered 400\): invalid_client_metadata .*registered again asking for client_secret_basic/,
    );
  });

  it('fails a client that stops after the refusal, or asks for none again', () => {
    const stopped = run('registration-method-retry', trace(...head(), refused), strict);
    assert.equal(stopped.status, 'fail');
    assert.equal(
      stopped.message,
      `expected POST ${AS}/oidc/register with a token_endpoint_auth_method of token_endpoint_auth_methods_supported (client_secret_basic) after POST ${AS}/oidc/register ` +
        'to the authorization server (answered 400): invalid_client_metadata (token_endpoint_auth_method none is not supported; supported: client_secret_basic); the client never registered again',
    );
    const again = run('registration-method-retry', trace(...head(), refused, { ...refused }), strict);
    assert.match(again.message, /the client registered again 1 time\(s\) asking for none, and was refused each time$/);
  });

  it('does not apply where the server assigns', () => {
    assert.equal(run('registration-method-retry', conformant()).status, 'skip');
  });
});

describe('checks skip what the trace cannot judge', () => {
  it('nothing to judge when the client never reached the authorization server', () => {
    const t = trace({ method: 'POST', url: MCP, status: 401 });
    for (const id of ['pkce-s256', 'pkce-verifier', 'resource-parameter', 'state-present', 'redirect-uri', 'token-endpoint-auth-method', 'bearer-header']) {
      assert.equal(run(id, t).status, 'skip', id);
    }
    assert.equal(run('authorized-request', t).status, 'fail');
  });
});

describe('redirect hops are not URLs the client chose', () => {
  const JSON_TYPE = { 'content-type': 'application/json' };
  const HTML_TYPE = { 'content-type': 'text/html; charset=utf-8' };
  const OAUTH = `${AS}/.well-known/oauth-authorization-server`;
  const OIDC = `${AS}/.well-known/openid-configuration`;
  const LOGIN = `${AS}/login?next=${encodeURIComponent('/.well-known/oauth-authorization-server')}`;
  /** well-known-redirect's shape: RFC 8414 answers 302 to a login page, which fetch follows; OIDC answers the document. */
  const redirected = (hop: boolean): Step[] => [
    { method: 'GET', url: OAUTH, status: 302, responseHeaders: { location: LOGIN.slice(AS.length) } },
    { method: 'GET', url: LOGIN, status: 200, responseHeaders: HTML_TYPE, ...(hop ? { redirectedFrom: 3 } : {}) },
    { method: 'GET', url: OIDC, status: 200, responseHeaders: JSON_TYPE },
  ];

  it('asm-endpoints-from-metadata: the login page a well-known URL redirected to is no guessed endpoint; the same request chosen is', () => {
    const hop = run('asm-endpoints-from-metadata', conformant({ metadata: redirected(true) }));
    assert.equal(hop.status, 'pass', hop.message);
    const chosen = run('asm-endpoints-from-metadata', conformant({ metadata: redirected(false) }));
    assert.equal(chosen.status, 'fail');
    assert.match(chosen.message, /the client sent GET http:\/\/127\.0\.0\.1:5000\/login\?next=.* to the authorization server \(answered 200\)$/);
  });

  it('every check of split-auth0 passes when discovery went through a followed redirect', () => {
    const t = conformant({ metadata: redirected(true) });
    for (const id of splitAuth0.checks) assert.notEqual(run(id, t).status, 'fail', id);
    assert.equal(run('asm-well-known-order', t).status, 'pass');
  });

  it('asm-from-authorization-server: a hop to a metadata URL of the MCP server is not the client fetching it there', () => {
    const elsewhere = `${MCP}/.well-known/oauth-authorization-server`;
    const metadata: Step[] = [
      { method: 'GET', url: OAUTH, status: 302, responseHeaders: { location: elsewhere } },
      { method: 'GET', url: elsewhere, status: 404, redirectedFrom: 3 },
      { method: 'GET', url: OIDC, status: 200, responseHeaders: JSON_TYPE },
    ];
    assert.equal(run('asm-from-authorization-server', conformant({ metadata })).status, 'pass');
    metadata[1] = { ...metadata[1]!, redirectedFrom: undefined };
    assert.equal(run('asm-from-authorization-server', conformant({ metadata })).status, 'fail');
  });

  it('prm-well-known-order: a redirect followed to a document counts as found, the hop is no probe', () => {
    const noHeader: ResolvedTopology = { ...topology, resourceServers: [{ ...topology.resourceServers[0]!, challengeResourceMetadata: undefined }] };
    const moved = `${RS}/.well-known/oauth-protected-resource/example-server/v2`;
    const prm: Step[] = [
      { method: 'GET', url: PRM, status: 301, responseHeaders: { location: moved } },
      { method: 'GET', url: moved, status: 200, responseHeaders: JSON_TYPE, redirectedFrom: 2 },
    ];
    const outcome = run('prm-well-known-order', conformant({ prm }), pathSuffixed, '2026-07-28', noHeader);
    assert.equal(outcome.status, 'pass', outcome.message);
  });

  it('a message naming a hop says it is one', () => {
    const [redirect, hop] = redirected(true);
    const withHopLast = conformant({ metadata: [redirect!, hop!] });
    withHopLast.exchanges.splice(4); // the client stopped right after the hop
    const stopped = run('authorized-request', withHopLast);
    assert.match(
      stopped.message,
      /its last request was GET http:\/\/127\.0\.0\.1:5000\/login\?next=\S+ to the authorization server \(answered 200; an automatic redirect hop of #3\)$/,
    );
  });
});

describe('order checks name the next URL when the client stopped early', () => {
  const googleLike: ResolvedTopology = {
    ...topology,
    authorizationServers: [
      { ...topology.authorizationServers[0]!, issuer: AS, metadataUrls: { 'oidc-path-inserted': `${AS}/.well-known/openid-configuration` } },
    ],
  };
  const OAUTH = `${AS}/.well-known/oauth-authorization-server`;
  const OIDC = `${AS}/.well-known/openid-configuration`;
  const stoppedAfter404 = () =>
    trace(
      { method: 'POST', url: MCP, status: 401 },
      { method: 'GET', url: PRM, status: 200, responseHeaders: { 'content-type': 'application/json' } },
      { method: 'GET', url: OAUTH, status: 404 },
    );

  it('asm-well-known-order: RFC 8414 answered 404 and the client sent nothing more', () => {
    const outcome = run('asm-well-known-order', stoppedAfter404(), splitAuth0, '2025-11-25', googleLike);
    assert.equal(outcome.status, 'fail');
    assert.equal(
      outcome.message,
      `expected GET ${OIDC} after GET ${OAUTH} answered 404; the client sent no further metadata request (its last request was GET ${OAUTH} to the authorization server (answered 404))`,
    );
    assert.deepEqual(outcome.evidence, [3]);
  });

  it('asm-well-known-order: MUST from 2025-11-25, SHOULD at 2025-06-18, which requires only RFC 8414', () => {
    const verdict = (spec: SpecVersion) =>
      judge({ trace: stoppedAfter404(), scenario: splitAuth0, topology: googleLike, specVersion: spec }).find((v) => v.id === 'asm-well-known-order')!;
    assert.equal(verdict('2026-07-28').status, 'fail');
    assert.equal(verdict('2025-11-25').status, 'fail');
    assert.equal(verdict('2025-06-18').status, 'warn');
    assert.match(verdict('2025-06-18').message, /only the RFC 8414 URL is required, hence SHOULD/);
  });

  it('asm-well-known-order: a 302 to a login page is no document; the message says where the redirect led and names what came next', () => {
    const login = `${AS}/login?next=x`;
    const t = trace(
      { method: 'POST', url: MCP, status: 401 },
      { method: 'GET', url: PRM, status: 200, responseHeaders: { 'content-type': 'application/json' } },
      { method: 'GET', url: OAUTH, status: 302, responseHeaders: { location: '/login?next=x' } },
      { method: 'GET', url: login, status: 200, responseHeaders: { 'content-type': 'text/html; charset=utf-8' }, redirectedFrom: 3 },
      { method: 'POST', url: `${AS}/register`, status: 404 },
    );
    const outcome = run('asm-well-known-order', t, splitAuth0, '2025-11-25', googleLike);
    assert.equal(outcome.status, 'fail');
    assert.equal(
      outcome.message,
      `expected GET ${OIDC} after GET ${OAUTH} answered 302, a redirect the client followed to ${login} (answered 200 text/html, no JSON document); ` +
        `the client sent no further metadata request (its last request was POST ${AS}/register to the authorization server (answered 404))`,
    );
  });

  it('asm-well-known-order: no failure when a probe found a document, or when the client tried every URL', () => {
    const found = trace(
      { method: 'POST', url: MCP, status: 401 },
      { method: 'GET', url: OAUTH, status: 200, responseHeaders: { 'content-type': 'application/json' } },
    );
    assert.equal(run('asm-well-known-order', found, splitAuth0, '2025-11-25', googleLike).status, 'pass');
    const all = trace({ method: 'POST', url: MCP, status: 401 }, { method: 'GET', url: OAUTH, status: 404 }, { method: 'GET', url: OIDC, status: 404 });
    assert.equal(run('asm-well-known-order', all, splitAuth0, '2025-11-25', googleLike).status, 'pass');
  });

  it('asm-well-known-order: stopping after a 5xx is not judged (the spec says nothing of server errors)', () => {
    const serverError = trace({ method: 'POST', url: MCP, status: 401 }, { method: 'GET', url: OAUTH, status: 503 });
    assert.equal(run('asm-well-known-order', serverError, splitAuth0, '2025-11-25', googleLike).status, 'pass');
  });

  it('prm-well-known-order: the path-inserted URL answered 404 and the root was never tried', () => {
    const noHeader: ResolvedTopology = { ...topology, resourceServers: [{ ...topology.resourceServers[0]!, challengeResourceMetadata: undefined }] };
    const t = trace({ method: 'POST', url: MCP, status: 401 }, { method: 'GET', url: PRM, status: 404 });
    const outcome = run('prm-well-known-order', t, pathSuffixed, '2026-07-28', noHeader);
    assert.equal(outcome.status, 'fail');
    assert.equal(
      outcome.message,
      `expected GET ${RS}/.well-known/oauth-protected-resource after GET ${PRM} answered 404; the client sent no further metadata request (its last request was GET ${PRM} to the MCP server (answered 404))`,
    );
  });
});

describe('resource indicators (RFC 8707): form, consistency, canonical form', () => {
  // A root PRM whose resource is the origin: the case a URL parser turns into the origin plus "/".
  const originTopology: ResolvedTopology = { ...topology, resourceServers: [{ ...topology.resourceServers[0]!, resource: RS }] };
  const withResource = (auth: string, token: string) => conformant({ authorize: authorizeUrl({ resource: auth }), token: tokenBody({ resource: token }) });

  it('an RFC 3986 equivalent form passes resource-parameter (MUST) and fails resource-parameter-matches-prm, a SHOULD', () => {
    const t = withResource(`${RS}/`, `${RS}/`);
    const must = run('resource-parameter', t, splitAuth0, '2026-07-28', originTopology);
    assert.equal(must.status, 'pass', must.message);
    assert.match(must.message, /2 of them in an RFC 3986 equivalent form/);
    const form = run('resource-parameter-matches-prm', t, splitAuth0, '2026-07-28', originTopology);
    assert.equal(form.status, 'fail');
    assert.equal(
      form.message,
      `expected resource=${RS} exactly (the resource of the protected resource metadata) in the authorization request; GET ${authorizeUrl({ resource: `${RS}/` })} to the authorization server (answered 302) carried resource=${RS}/, ` +
        'the same URI under RFC 3986 normalization but not the canonical form (SHOULD: no trailing slash, lowercase scheme and host); exact-match authorization servers refuse it',
    );
    assert.deepEqual(form.evidence, [5]);
    for (const spec of ['2025-06-18', '2025-11-25', '2026-07-28'] as const) {
      assert.equal(
        judge({ trace: t, scenario: splitAuth0, topology: originTopology, specVersion: spec }).find((v) => v.id === 'resource-parameter-matches-prm')?.status,
        'warn',
        spec,
      );
    }
  });

  it('the PRM resource verbatim passes every resource check; another resource is left to resource-parameter', () => {
    for (const id of ['resource-parameter', 'resource-parameter-valid-uri', 'resource-parameter-consistent', 'resource-parameter-matches-prm']) {
      const outcome = run(id, withResource(RS, RS), splitAuth0, '2026-07-28', originTopology);
      assert.equal(outcome.status, 'pass', `${id}: ${outcome.message}`);
    }
    const other = withResource(MCP, MCP);
    assert.equal(run('resource-parameter', other, splitAuth0, '2026-07-28', originTopology).status, 'fail');
    assert.equal(run('resource-parameter-matches-prm', other, splitAuth0, '2026-07-28', originTopology).status, 'skip');
  });

  it('resource-parameter-valid-uri: a fragment, or no scheme, fails naming the request', () => {
    const fragment = run('resource-parameter-valid-uri', withResource(`${MCP}#x`, `${MCP}#x`));
    assert.equal(fragment.status, 'fail');
    assert.match(
      fragment.message,
      new RegExp(
        `^expected resource to be an absolute URI without a fragment in the authorization request \\(RFC 8707 §2\\); GET ${AS.replace(/\./g, '\\.')}/authorize\\?.* carried resource=${MCP.replace(/\./g, '\\.')}#x, an absolute URI with a fragment$`,
      ),
    );
    const bare = run('resource-parameter-valid-uri', withResource(MCP, 'localhost'));
    assert.equal(bare.status, 'fail');
    assert.match(
      bare.message,
      /the authorization_code token request .*; POST http:\/\/127\.0\.0\.1:5000\/oauth\/token to the authorization server \(answered 200\) carried resource=localhost, not an absolute URI \(no scheme\)$/,
    );
    assert.equal(
      run('resource-parameter-valid-uri', conformant({ authorize: authorizeUrl({}, ['resource']), token: tokenBody({}, ['resource']) })).status,
      'skip',
    );
    assert.equal(CHECKS.get('resource-parameter-valid-uri')!.level('2025-06-18'), 'MUST');
  });

  it('resource-parameter-consistent: the token request carries another string than the authorization request', () => {
    const upper = MCP.replace('http://localhost', 'HTTP://LOCALHOST');
    const outcome = run('resource-parameter-consistent', withResource(MCP, upper));
    assert.equal(outcome.status, 'fail');
    assert.equal(
      outcome.message,
      `expected resource=${MCP} in the authorization_code token request, as in GET ${authorizeUrl()} to the authorization server (answered 302); POST ${AS}/oauth/token to the authorization server (answered 200) carried resource=${upper} (equivalent under RFC 3986, yet another string)`,
    );
    assert.deepEqual(outcome.evidence, [5, 6]);
    assert.equal(run('resource-parameter-consistent', conformant()).status, 'pass');
    assert.equal(CHECKS.get('resource-parameter-consistent')!.level('2025-06-18'), 'MUST');
  });

  it('resource-parameter-consistent: a refresh carries another resource than the grant it refreshes', () => {
    const t = conformant({
      mcp: [
        { method: 'POST', url: MCP, status: 401, requestHeaders: { authorization: 'Bearer at-123456' } },
        {
          method: 'POST',
          url: `${AS}/oauth/token`,
          status: 200,
          requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
          requestBody: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'rt-1', client_id: 'c1', resource: `${RS}/other` }).toString(),
          responseBody: JSON.stringify({ access_token: 'at-2', token_type: 'Bearer' }),
        },
      ],
    });
    // The code's token response issued rt-1.
    t.exchanges[5]!.responseBody = JSON.stringify({ access_token: 'at-123456', token_type: 'Bearer', refresh_token: 'rt-1' });
    const outcome = run('resource-parameter-consistent', t);
    assert.equal(outcome.status, 'fail');
    assert.match(
      outcome.message,
      new RegExp(
        `^expected resource=${MCP.replace(/\./g, '\\.')} in the refresh_token token request, as in POST .*/oauth/token .*; POST .*/oauth/token to the authorization server \\(answered 200\\) carried resource=${RS.replace(/\./g, '\\.')}/other$`,
      ),
    );
    assert.deepEqual(outcome.evidence, [6, 8]);
  });
});

describe('client metadata of a dynamic registration (2026-07-28)', () => {
  const registration = (body: Record<string, unknown>): Step => ({
    method: 'POST',
    url: `${AS}/oidc/register`,
    status: 201,
    requestHeaders: { 'content-type': 'application/json' },
    requestBody: JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', ...body }),
    responseBody: JSON.stringify({ client_id: 'c1', token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT] }),
  });
  const registering = (body: Record<string, unknown>) => trace({ method: 'POST', url: MCP, status: 401 }, registration(body));

  it('application-type: none, or another value, fails at 2026-07-28 naming the request; it does not apply earlier', () => {
    const missing = run('application-type', registering({ grant_types: ['authorization_code', 'refresh_token'] }));
    assert.equal(missing.status, 'fail');
    assert.equal(
      missing.message,
      `expected POST ${AS}/oidc/register with application_type "native" or "web" (an OIDC server takes an omitted one as "web", which conflicts with loopback redirect URIs); the client sent POST ${AS}/oidc/register to the authorization server (answered 201) with no application_type`,
    );
    assert.deepEqual(missing.evidence, [2]);
    assert.match(run('application-type', registering({ application_type: 'desktop' })).message, /with application_type "desktop"$/);
    assert.equal(run('application-type', registering({ application_type: 'web' })).status, 'pass');
    assert.equal(run('application-type', trace({ method: 'POST', url: MCP, status: 401 })).status, 'skip');
    const check = CHECKS.get('application-type')!;
    assert.deepEqual([check.level('2025-06-18'), check.level('2025-11-25'), check.level('2026-07-28')], [undefined, undefined, 'MUST']);
    const verdicts = judge({ trace: registering({}), scenario: splitAuth0, topology, specVersion: '2025-11-25' });
    assert.equal(
      verdicts.find((v) => v.id === 'application-type'),
      undefined,
      'not judged before 2026-07-28',
    );
  });

  it('dcr-grant-types: no refresh_token in grant_types is a SHOULD failure naming the request; omitted means authorization_code only', () => {
    const narrow = run('dcr-grant-types', registering({ application_type: 'native', grant_types: ['authorization_code'] }));
    assert.equal(narrow.status, 'fail');
    assert.equal(
      narrow.message,
      `expected POST ${AS}/oidc/register with grant_types including "refresh_token" (a client that wants refresh tokens SHOULD register the grant); the client sent POST ${AS}/oidc/register to the authorization server (answered 201) with grant_types ["authorization_code"]`,
    );
    assert.match(run('dcr-grant-types', registering({})).message, /with no grant_types \(RFC 7591 §2: that means authorization_code only\)$/);
    assert.equal(
      judge({ trace: registering({}), scenario: splitAuth0, topology, specVersion: '2026-07-28' }).find((v) => v.id === 'dcr-grant-types')?.status,
      'warn',
    );
    const check = CHECKS.get('dcr-grant-types')!;
    assert.deepEqual([check.level('2025-06-18'), check.level('2025-11-25'), check.level('2026-07-28')], [undefined, undefined, 'SHOULD']);
  });

  /** The authorization server's fetch of a Client ID Metadata Document on loopback, with these members beside client_id and redirect_uris. */
  const fetchedDocument = (extra: Record<string, unknown>): Step => ({
    method: 'GET',
    url: 'https://127.0.0.1:7000/client.json',
    status: 200,
    server: 'client-metadata-document',
    role: 'client-metadata-document',
    from: 'authorization-server',
    responseBody: JSON.stringify({ client_id: 'https://127.0.0.1:7000/client.json', redirect_uris: [REDIRECT], ...extra }),
  });

  it('dcr-grant-types: a Client ID Metadata Document the server fetched is judged too', () => {
    const document = (grantTypes: string[]) => fetchedDocument({ grant_types: grantTypes });
    const without = run('dcr-grant-types', trace({ method: 'POST', url: MCP, status: 401 }, document(['authorization_code'])));
    assert.equal(without.status, 'fail');
    assert.match(
      without.message,
      /^expected the Client ID Metadata Document https:\/\/127\.0\.0\.1:7000\/client\.json to list grant_types including "refresh_token" .*found grant_types \["authorization_code"\]$/,
    );
    assert.equal(run('dcr-grant-types', trace({ method: 'POST', url: MCP, status: 401 }, document(['authorization_code', 'refresh_token']))).status, 'pass');
  });

  it('cimd-client-name: a fetched Client ID Metadata Document must name client_name', () => {
    const document = fetchedDocument;
    const without = run('cimd-client-name', trace({ method: 'POST', url: MCP, status: 401 }, document({})));
    assert.equal(without.status, 'fail');
    assert.match(without.message, /^expected the Client ID Metadata Document https:\/\/127\.0\.0\.1:7000\/client\.json to include client_name; .* found none$/);
    assert.equal(run('cimd-client-name', trace({ method: 'POST', url: MCP, status: 401 }, document({ client_name: 'Example' }))).status, 'pass');
    assert.equal(run('cimd-client-name', trace({ method: 'POST', url: MCP, status: 401 })).status, 'skip');
  });
});
