import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { McpEndpoint } from '../../mock-servers/mcp-endpoint.js';

/** The MCP endpoint of every scenario, over a real socket: it must speak each revision a client negotiates. */
describe('MCP endpoint protocol revisions', () => {
  const endpoint = new McpEndpoint();
  let url = '';
  let close: () => void = () => {};
  before(async () => {
    const app = express();
    app.use(express.raw({ type: () => true }));
    app.all('/mcp', (req, res) => void endpoint.handle(req, res));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
    close = () => server.close();
  });
  after(async () => {
    await endpoint.close();
    close();
  });

  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const post = (body: unknown, extra: Record<string, string> = {}) => fetch(url, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });
  const rpcResult = (text: string) => JSON.parse(text.includes('data:') ? text.split('data:')[1]!.trim() : text) as { result?: Record<string, unknown>; error?: unknown };

  for (const version of ['2025-06-18', '2025-11-25', '2026-07-28']) {
    it(`initialize at ${version} is answered at ${version}, and the session accepts MCP-Protocol-Version: ${version}`, async () => {
      const init = await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 't', version: '1' } } });
      assert.equal(init.status, 200);
      assert.equal(rpcResult(await init.text()).result?.protocolVersion, version);
      const session = init.headers.get('mcp-session-id')!;
      const list = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': session, 'mcp-protocol-version': version });
      assert.equal(list.status, 200, await list.clone().text());
      assert.ok(Array.isArray(rpcResult(await list.text()).result?.tools));
    });
  }

  it('a 2026-07-28 request without a session, its revision in _meta, is answered', async () => {
    const call = await post(
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' }, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } } },
      { 'mcp-protocol-version': '2026-07-28' },
    );
    assert.equal(call.status, 200);
    assert.deepEqual(rpcResult(await call.text()).result?.content, [{ type: 'text', text: 'hi' }]);
  });
});
