import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { packageBin, preRegistered, type RealClientDefinition } from './real-client.js';

const line = (message: object) => `${JSON.stringify(message)}\n`;
const initialize = (protocolVersion: string) =>
  line({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'mcp-oauth-conformance', version: '1' } },
  });

const LATEST = /LATEST_PROTOCOL_VERSION\s*=\s*["'](\d{4}-\d{2}-\d{2})["']/;
const spoken = new Map<string, string>();

/**
 * mcp-remote forwards the host's initialize as it is, so the host chooses the revision. As host, the adapter offers
 * the newest revision mcp-remote's own SDK knows (bundled into its dist, or installed beside it): the client is
 * judged at what its OAuth code was written for, not at an older revision the adapter happened to pick.
 */
function bundledProtocolVersion(binary: string): string {
  const cached = spoken.get(binary);
  if (cached) return cached;
  const dist = dirname(binary);
  const files = [
    ...readdirSync(dist)
      .filter((f) => f.endsWith('.js'))
      .map((f) => join(dist, f)),
    join(dist, '..', '..', '@modelcontextprotocol', 'sdk', 'dist', 'esm', 'types.js'),
  ];
  const readable = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  let version = '2025-06-18';
  for (const file of files) {
    const found = LATEST.exec(readable(file))?.[1];
    if (found) {
      version = found;
      break;
    }
  }
  spoken.set(binary, version);
  return version;
}

/** What a host sends once initialize is answered (not before: the proxy would forward them ahead of it, without a session). */
const AFTER_INITIALIZE = line({ jsonrpc: '2.0', method: 'notifications/initialized' }) + line({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
/** Then a tool call, as a host's model would make: where tools/call needs more (step-up) or a token expires, the proxy's handling is judged. */
const TOOL_CALL = line({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'echo', arguments: { text: 'conformance' } } });

/** A loopback port free right now: mcp-remote derives its callback port from a hash and never checks it is free. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * mcp-remote: the stdio proxy hosts run (`mcp-remote URL`), fed initialize (at the newest revision its SDK knows), then
 * (each once the one before is answered) initialized and tools/list, then tools/call of the echo tool on stdin, as a
 * host would. It does not exit by itself: the run is finished once the tool call is answered on stdout (a result or
 * an error), then stdin is closed ("Shutting down..."). It opens the browser through $BROWSER.
 */
export const mcpRemote: RealClientDefinition = {
  name: 'mcp-remote',
  description: 'mcp-remote (npm): `mcp-remote URL PORT --host 127.0.0.1` fed initialize, tools/list and tools/call on stdin',
  npmPackage: 'mcp-remote',
  binary: (dir) => packageBin(dir, 'mcp-remote', 'mcp-remote'),
  async plan({ scenario, mcpUrl, workspace, env }, binary) {
    const client = preRegistered(scenario);
    const args = [mcpUrl, String(await freeLoopbackPort()), '--host', '127.0.0.1'];
    if (client)
      args.push(
        '--static-oauth-client-info',
        JSON.stringify({ client_id: client.clientId, ...(client.clientSecret ? { client_secret: client.clientSecret } : {}) }),
      );
    return {
      command: process.execPath,
      args: [binary, ...args],
      cwd: workspace.cwd,
      env: { ...env, MCP_REMOTE_CONFIG_DIR: join(workspace.home, '.mcp-auth') },
      stdin: initialize(bundledProtocolVersion(binary)),
      keepStdinOpen: true,
      stdinReplies: [
        { after: /"id"\s*:\s*1\b/, text: AFTER_INITIALIZE },
        { after: /"id"\s*:\s*2\b/, text: TOOL_CALL },
      ],
      finished: ({ stdout }) => /"id"\s*:\s*3\b/.test(stdout),
    };
  },
};
