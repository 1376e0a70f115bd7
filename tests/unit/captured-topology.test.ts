// From a capture's answers to a topology and findings: the shapes the round trip over the catalogue does not meet.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serverFindings } from '../../scenarios/captured-findings.js';
import { capturedScenario, type Answer, type Capture } from '../../scenarios/captured-topology.js';
import { challengeParams } from '../../scenarios/www-authenticate.js';

const json = (url: string, status: number, body?: unknown, headers: Record<string, string> = {}): Answer => ({
  method: 'GET',
  url,
  status,
  headers: { 'content-type': body === undefined ? 'text/html' : 'application/json', ...headers },
  text: '',
  ...(body === undefined ? {} : { json: body }),
});

const MCP = 'https://mcp.example.com/tools/mcp';
const AS = 'https://login.example.net/tenant';

function capture(overrides: Partial<Capture> = {}, metadata: Record<string, unknown> = {}): Capture {
  return {
    mcpUrl: MCP,
    initialize: { ...json(MCP, 401, { error: 'unauthorized' }), method: 'POST', headers: { 'www-authenticate': 'Bearer scope="mcp:all"' } },
    prm: [
      json('https://mcp.example.com/.well-known/oauth-protected-resource/tools/mcp', 404, undefined),
      json('https://mcp.example.com/.well-known/oauth-protected-resource', 200, { resource: 'https://mcp.example.com/tools', authorization_servers: [AS] }),
    ],
    authorizationServers: [
      {
        entry: AS,
        metadata: [
          json('https://login.example.net/.well-known/oauth-authorization-server/tenant', 404, { error: 'not_found' }),
          json('https://login.example.net/.well-known/openid-configuration/tenant', 404, { error: 'not_found' }),
          json('https://login.example.net/tenant/.well-known/openid-configuration', 200, {
            issuer: AS,
            authorization_endpoint: `${AS}/authorize`,
            token_endpoint: `${AS}/token`,
            token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_post'],
            ...metadata,
          }),
          json('https://login.example.net/.well-known/oauth-authorization-server', 404, { error: 'not_found' }),
        ],
      },
    ],
    strays: [json('https://mcp.example.com/.well-known/oauth-authorization-server', 200, undefined)],
    ...overrides,
  };
}

describe('capturedScenario', () => {
  it('plays what was seen: a root PRM with a path resource, an OpenID-only path issuer, an HTML catch-all', () => {
    const { scenario, comments } = capturedScenario(capture(), '2026-12-06');
    const [rs] = scenario.topology.resourceServers;
    const [as] = scenario.topology.authorizationServers;
    assert.deepEqual(rs?.prm?.servedAt, ['root']);
    assert.deepEqual(rs?.prm?.resource, { path: '/tools' });
    assert.equal(rs?.challenge.resourceMetadata, false);
    assert.equal(rs?.challenge.scope, 'mcp:all');
    assert.equal(rs?.otherWellKnown, 'html');
    assert.equal(as?.issuerPath, '/tenant');
    assert.deepEqual(as?.discovery, ['oidc-appended']);
    assert.deepEqual(as?.endpoints, { authorization: '/tenant/authorize', token: '/tenant/token' });
    assert.deepEqual(as?.tokenEndpointAuthMethods, ['client_secret_post']);
    assert.ok(as?.omitMetadata?.includes('code_challenge_methods_supported'));
    assert.equal(scenario.id, 'captured-mcp-example-com');
    assert.ok(!JSON.stringify(scenario).includes('example.net'), 'live URLs stay in comments');
    assert.ok(comments.some((c) => c.text.includes('https://login.example.net/tenant/.well-known/openid-configuration → 200')));
  });

  it('replays a resource metadata document served on another origin at its path', () => {
    const other = json('https://meta.example.org/prm/mcp', 200, { resource: MCP, authorization_servers: [AS] });
    const { scenario } = capturedScenario(capture({ prm: [other] }), 'today');
    assert.deepEqual(scenario.topology.resourceServers[0]?.prm?.servedAt, [{ custom: '/prm/mcp' }]);
    assert.equal(scenario.topology.resourceServers[0]?.prm?.resource, undefined);
  });

  it('without any metadata: the 2025-03-26 defaults on the MCP origin, in the backcompat suite', () => {
    const { scenario } = capturedScenario(capture({ prm: [json(`${MCP}x`, 404, undefined)], authorizationServers: [] }), 'today');
    assert.equal(scenario.suite, 'backcompat');
    assert.equal(scenario.topology.resourceServers[0]?.prm, null);
    assert.deepEqual(scenario.topology.authorizationServers[0]?.discovery, []);
  });
});

describe('serverFindings', () => {
  it('names what breaks clients, each with its sentence', () => {
    const findings = serverFindings(capture());
    const text = findings.map((f) => `${f.severity}: ${f.text}`).join('\n');
    assert.match(text, /breaks: the metadata's resource is https:\/\/mcp\.example\.com\/tools, not the MCP URL/);
    assert.match(text, /breaks: .* serves metadata only at https:\/\/login\.example\.net\/tenant\/\.well-known\/openid-configuration/);
    assert.match(text, /breaks: .*has no code_challenge_methods_supported/);
    assert.match(text, /note: the 401 carries no resource_metadata/);
    assert.match(text, /note: .*neither dynamic registration nor Client ID Metadata Documents/);
    assert.ok(findings.every((f) => f.cite.length > 0));
  });

  it('finds nothing to say of a well-formed deployment', () => {
    const good = capture(
      {
        initialize: {
          ...json(MCP, 401, {}),
          method: 'POST',
          headers: { 'www-authenticate': 'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/tools/mcp"' },
        },
        prm: [json('https://mcp.example.com/.well-known/oauth-protected-resource/tools/mcp', 200, { resource: MCP, authorization_servers: [AS] })],
        authorizationServers: [
          {
            entry: AS,
            metadata: [
              json('https://login.example.net/.well-known/oauth-authorization-server/tenant', 200, {
                issuer: AS,
                code_challenge_methods_supported: ['S256'],
                registration_endpoint: `${AS}/register`,
              }),
            ],
          },
        ],
        strays: [],
      },
      {},
    );
    assert.deepEqual(serverFindings(good), []);
  });
});

describe('challengeParams', () => {
  it('reads quoted and token parameters, escapes included', () => {
    assert.deepEqual(challengeParams('Bearer realm="a \\"b\\"", scope=read, resource_metadata="https://x/y"'), {
      realm: 'a "b"',
      scope: 'read',
      resource_metadata: 'https://x/y',
    });
    assert.deepEqual(challengeParams(undefined), {});
  });
});
