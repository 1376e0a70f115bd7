// The mock MCP endpoint speaks every protocol revision a client may negotiate, so no client fails an auth
// scenario for a transport mismatch the scenario does not test: the initialize handshake at 2025-06-18,
// 2025-11-25 and 2026-07-28, and 2026-07-28 requests outside any session with the revision in `_meta`,
// `server/discover` first among them; a client that speaks 2026-07-28 is judged at 2026-07-28.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { listenLoopback, type LoopbackListener } from '../../mock-servers/listen.js';
import { McpEndpoint } from '../../mock-servers/mcp-endpoint.js';
import { Recorder } from '../../mock-servers/recorder.js';
import { MockResourceServer, resolveResourceServer } from '../../mock-servers/resource-server.js';
import type { ResourceServerSpec } from '../../scenarios/types.js';
import { BUILD_ROOT, removeDir, runCli } from '../helpers.js';

const REVISIONS = ['2025-06-18', '2025-11-25', '2026-07-28'];
const ACCEPT = 'application/json, text/event-stream';
const MODERN = '2026-07-28';
const META = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': { name: 'revision-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A 2026-07-28 request as Streamable HTTP "Request Metadata" has it: `_meta` in the body, its mirror in the headers. */
function modernRequest(id: number, method: string, params: Record<string, unknown> = {}, headers: Record<string, string> = {}): RequestInit {
  const name: Record<string, string> = typeof params['name'] === 'string' ? { 'mcp-name': params['name'] } : {};
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-protocol-version': MODERN, 'mcp-method': method, ...name, ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: META } }),
  };
}

/** "Discovery: DiscoverResult", every field as the 2026-07-28 schema defines it. */
function assertDiscoverResult(result: Record<string, unknown> | undefined): void {
  assert.ok(result, 'server/discover has no result');
  assert.equal(result.resultType, 'complete');
  const versions = result.supportedVersions as string[];
  assert.ok(Array.isArray(versions) && versions.every((v) => typeof v === 'string'), `supportedVersions ${JSON.stringify(versions)}`);
  assert.equal(versions[0], MODERN, 'supportedVersions lists the newest revision first');
  for (const legacy of ['2025-11-25', '2025-06-18'])
    assert.ok(versions.includes(legacy), `supportedVersions lacks ${legacy}, which initialize still negotiates`);
  assert.equal(typeof (result.capabilities as { tools?: unknown } | undefined)?.tools, 'object', 'the capabilities do not name the tools');
  assert.deepEqual((result._meta as Record<string, unknown> | undefined)?.['io.modelcontextprotocol/serverInfo'], {
    name: 'mcp-oauth-conformance-mock',
    version: '1.0.0',
  });
  assert.ok(typeof result.ttlMs === 'number' && result.ttlMs >= 0, `ttlMs ${String(result.ttlMs)}`);
  assert.ok(result.cacheScope === 'public' || result.cacheScope === 'private', `cacheScope ${String(result.cacheScope)}`);
  assert.deepEqual(
    Object.keys(result).sort(),
    ['_meta', 'cacheScope', 'capabilities', 'resultType', 'supportedVersions', 'ttlMs'],
    'a DiscoverResult has no fields beyond the schema (instructions is optional and the mock has none)',
  );
}

/** The JSON-RPC message of a response, whether sent as JSON or as one SSE event. */
async function message(response: Response): Promise<{ result?: Record<string, unknown>; error?: { code: number; message: string } }> {
  const text = await response.text();
  if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const data = text.split('\n').find((line) => line.startsWith('data:'));
    assert.ok(data, `an SSE response without a data line: ${text}`);
    return JSON.parse(data.slice('data:'.length)) as never;
  }
  return JSON.parse(text) as never;
}

describe('MCP endpoint protocol revisions', () => {
  const endpoint = new McpEndpoint();
  let server: Server;
  let url = '';

  before(async () => {
    const app = express();
    app.use(express.raw({ type: () => true }));
    app.all('/mcp', (req, res) => void endpoint.handle(req, res));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  });

  after(async () => {
    await endpoint.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  for (const revision of REVISIONS) {
    it(`negotiates ${revision} in initialize and serves a session at that revision`, async () => {
      const initialize = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: ACCEPT },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: revision, capabilities: {}, clientInfo: { name: 'revision-test', version: '1.0.0' } },
        }),
      });
      assert.equal(initialize.status, 200, `initialize at ${revision} answered ${initialize.status}`);
      const session = initialize.headers.get('mcp-session-id');
      const answer = await message(initialize);
      assert.equal(answer.result?.protocolVersion, revision, `the endpoint answered initialize ${revision} with ${String(answer.result?.protocolVersion)}`);
      assert.ok(session, 'initialize opened no session');

      const headers = { 'content-type': 'application/json', accept: ACCEPT, 'mcp-session-id': session, 'mcp-protocol-version': revision };
      const initialized = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
      assert.equal(initialized.status, 202, `notifications/initialized with MCP-Protocol-Version ${revision} answered ${initialized.status}`);
      const tools = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
      assert.equal(tools.status, 200, `tools/list with MCP-Protocol-Version ${revision} answered ${tools.status}`);
      const listed = (await message(tools)).result?.tools as { name: string }[] | undefined;
      assert.ok(
        listed?.some((t) => t.name === 'echo'),
        'tools/list did not list echo',
      );

      const closed = await fetch(url, { method: 'DELETE', headers: { 'mcp-session-id': session, 'mcp-protocol-version': revision } });
      assert.equal(closed.status, 200, `DELETE of the session answered ${closed.status}`);
    });
  }

  it('answers a 2026-07-28 request outside any session, its revision in _meta and the headers', async () => {
    const meta = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'revision-test', version: '1.0.0' },
      'io.modelcontextprotocol/clientCapabilities': {},
    };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'echo' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'echo', arguments: { text: 'stateless' }, _meta: meta } }),
    });
    assert.equal(response.status, 200, `a sessionless 2026-07-28 tools/call answered ${response.status}`);
    const answer = await message(response);
    assert.equal(answer.error, undefined, `a sessionless 2026-07-28 tools/call failed: ${JSON.stringify(answer.error)}`);
    assert.deepEqual(answer.result?.content, [{ type: 'text', text: 'stateless' }]);
  });

  it('answers server/discover, outside any session, with a 2026-07-28 DiscoverResult', async () => {
    const response = await fetch(url, modernRequest(1, 'server/discover'));
    assert.equal(response.status, 200, `server/discover answered ${response.status}`);
    assert.equal(response.headers.get('mcp-session-id'), null, 'a 2026-07-28 server mints no session');
    const answer = await message(response);
    assert.equal(answer.error, undefined, `server/discover failed: ${JSON.stringify(answer.error)}`);
    assertDiscoverResult(answer.result);
  });

  it('answers a request at a revision it does not implement with 400 and an UnsupportedProtocolVersionError', async () => {
    const body = { jsonrpc: '2.0', id: 9, method: 'server/discover', params: { _meta: { ...META, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } } };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-method': 'server/discover' },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 400);
    const answer = (await message(response)) as { id?: unknown; error?: { code: number; data?: { supported?: string[]; requested?: string } } };
    assert.equal(answer.id, 9);
    assert.equal(answer.error?.code, -32022);
    assert.equal(answer.error?.data?.requested, '2099-01-01');
    assert.ok(answer.error?.data?.supported?.includes(MODERN), `supported ${JSON.stringify(answer.error?.data?.supported)}`);
  });

  it('still refuses a request that is neither initialize, nor in a session, nor of 2026-07-28', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-protocol-version': '2025-11-25' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }),
    });
    assert.equal(response.status, 400);
  });
});

describe('a 2026-07-28 exchange behind the bearer gate', () => {
  const spec: ResourceServerSpec = {
    id: 'gated',
    mcpPath: '/mcp',
    challenge: { resourceMetadata: true },
    prm: { servedAt: ['path-inserted'], authorizationServers: ['as'] },
  };
  const TOKEN = 'a-valid-token';
  let listener: LoopbackListener;
  let server: MockResourceServer;
  let url = '';
  const recorder = new Recorder();

  before(async () => {
    listener = await listenLoopback('127.0.0.1');
    const resolved = resolveResourceServer(spec, listener.origin);
    const issuer = 'http://127.0.0.1:1/';
    const grant = { issuer, clientId: 'client', audience: resolved.resource ?? resolved.mcpUrl, expiresAt: Date.now() + 600_000 };
    server = new MockResourceServer(spec, resolved, [issuer], (token) => (token === TOKEN ? grant : undefined), recorder);
    listener.attach(server.app);
    url = resolved.mcpUrl;
  });

  after(async () => {
    await server.endpoint.close();
    await listener.close();
  });

  it('server/discover needs a token like any request: 401 and the challenge', async () => {
    const response = await fetch(url, modernRequest(1, 'server/discover'));
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer .*resource_metadata="[^"]+\/\.well-known\/oauth-protected-resource\/mcp"/);
  });

  it('with a valid token: server/discover, tools/list, then tools/call of echo, each statelessly', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const discover = await fetch(url, modernRequest(1, 'server/discover', {}, auth));
    assert.equal(discover.status, 200, `server/discover with a token answered ${discover.status}`);
    assertDiscoverResult((await message(discover)).result);

    const list = await fetch(url, modernRequest(2, 'tools/list', {}, auth));
    assert.equal(list.status, 200, `tools/list answered ${list.status}`);
    const listed = (await message(list)).result;
    assert.ok(
      (listed?.tools as { name: string }[] | undefined)?.some((t) => t.name === 'echo'),
      'tools/list did not list echo',
    );
    // "Caching: Cacheable Results" and "Result": a 2026-07-28 ListToolsResult carries resultType and caching hints.
    assert.equal(listed?.resultType, 'complete');
    assert.equal(typeof listed?.ttlMs, 'number');
    assert.ok(listed?.cacheScope === 'public' || listed?.cacheScope === 'private');

    // The trace keeps the endpoint's answer as text (the SDK writes Uint8Array chunks), not as "123,34,…".
    const recorded = recorder.trace().exchanges.find((ex) => ex.status === 200 && ex.requestBody.includes('server/discover'));
    assert.match(recorded?.responseBody ?? '', /"supportedVersions"/);
    const call = await fetch(url, modernRequest(3, 'tools/call', { name: 'echo', arguments: { text: 'discovered' } }, auth));
    assert.equal(call.status, 200, `tools/call answered ${call.status}`);
    assert.equal(call.headers.get('mcp-session-id'), null, 'a 2026-07-28 exchange has no session');
    const called = await message(call);
    assert.equal(called.error, undefined, `tools/call failed: ${JSON.stringify(called.error)}`);
    assert.equal(called.result?.resultType, 'complete');
    assert.deepEqual(called.result?.content, [{ type: 'text', text: 'discovered' }]);
    assert.equal(called.result?.ttlMs, undefined, 'a CallToolResult is not cacheable');
  });
});

describe('a client that speaks 2026-07-28 is judged at 2026-07-28', () => {
  it('the independent client, given 2026-07-28 by the harness, discovers, stays on 2026-07-28 and passes split-auth0', async () => {
    const client = `node ${BUILD_ROOT}/tests/clients/independent-client.js`;
    const run = await runCli(['--client', client, '-s', 'split-auth0'], { env: { MCP_CONFORMANCE_PROTOCOL_VERSION: undefined } });
    try {
      const scenario = run.results?.scenarios.find((s) => s.id === 'split-auth0');
      assert.ok(scenario, `no split-auth0 result; stdout: ${run.stdout}\nstderr: ${run.stderr}`);
      assert.equal(scenario.protocolVersion, MODERN, `the client was judged as speaking ${String(scenario.protocolVersion)}: ${scenario.revisionNote ?? ''}`);
      assert.equal(scenario.specVersion, MODERN);
      assert.equal(
        scenario.status,
        'pass',
        `split-auth0 ${scenario.status}: ${scenario.reason ?? ''}; ${JSON.stringify(scenario.checks.filter((c) => c.status !== 'pass'))}`,
      );
      assert.equal(run.code, 0, run.stdout);
    } finally {
      await removeDir(run.outDir);
    }
  });
});
