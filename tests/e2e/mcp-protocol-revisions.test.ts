// The mock MCP endpoint speaks every protocol revision a client may negotiate, so no client fails an auth
// scenario for a transport mismatch the scenario does not test: the initialize handshake at 2025-06-18,
// 2025-11-25 and 2026-07-28, and 2026-07-28 requests outside any session with the revision in `_meta`.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { McpEndpoint } from '../../mock-servers/mcp-endpoint.js';

const REVISIONS = ['2025-06-18', '2025-11-25', '2026-07-28'];
const ACCEPT = 'application/json, text/event-stream';

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
      assert.ok(listed?.some((t) => t.name === 'echo'), 'tools/list did not list echo');

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

  it('still refuses a request that is neither initialize, nor in a session, nor of 2026-07-28', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-protocol-version': '2025-11-25' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }),
    });
    assert.equal(response.status, 400);
  });
});
