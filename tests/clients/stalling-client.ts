// A client for interruption tests: it starts the flow (an initialize the MCP server refuses with 401, then the
// protected resource metadata the 401 names), prints a line on stdout and stderr, writes DIR/<scenario>.ready, and
// then waits for ever, as a client stuck at its browser step would.
//   node stalling-client.js DIR <mcp-server-url>
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, mcpUrl] = process.argv.slice(2);
if (!dir || !mcpUrl) throw new Error('usage: stalling-client.js DIR MCP_URL');

const initialize = await fetch(mcpUrl, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
  body: JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: process.env.MCP_CONFORMANCE_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'stalling-client', version: '1' } },
  }),
});
const metadataUrl = /resource_metadata="([^"]+)"/.exec(initialize.headers.get('www-authenticate') ?? '')?.[1];
if (metadataUrl) await fetch(metadataUrl);
process.stdout.write(`stalling after discovery (initialize answered ${initialize.status})\n`);
process.stderr.write('stalling-client: waiting for a browser that never comes\n');
writeFileSync(join(dir, `${process.env.MCP_CONFORMANCE_SCENARIO_ID ?? 'scenario'}.ready`), '');
setInterval(() => {}, 60_000);
