// A client as many are written on the official SDK: one slot for client credentials and one for tokens, stored
// with a fixed set of fields (as a config file keeps them), so the SDK's `issuer` stamp is lost. When the MCP server
// moves to another authorization server, it presents the old server's credentials to the new one (SEP-2352 forbids it),
// pre-registered ones (MCP_CONFORMANCE_CONTEXT) included.
//   node single-slot-client.js <mcp-server-url>
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

const serverUrl = new URL(process.argv[process.argv.length - 1] ?? '');
let nextCode: ((code: string) => void) | undefined;
const callbacks = createServer((req, res) => {
  const code = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('code');
  res.writeHead(code ? 200 : 400).end();
  if (code) nextCode?.(code);
});
await new Promise<void>((resolve) => callbacks.listen(0, '127.0.0.1', resolve));
const redirectUrl = `http://127.0.0.1:${(callbacks.address() as AddressInfo).port}/callback`;

// Pre-registered credentials, when the harness hands some, fill the one slot: they go to whichever server comes.
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') as { client_id?: string; client_secret?: string };
let client: OAuthClientInformationMixed | undefined = context.client_id
  ? { client_id: context.client_id, ...(context.client_secret ? { client_secret: context.client_secret } : {}) }
  : undefined;
let tokens: OAuthTokens | undefined;
let verifier = '';
const provider: OAuthClientProvider = {
  redirectUrl,
  clientMetadata: {
    client_name: 'single-slot client',
    redirect_uris: [redirectUrl],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  },
  clientInformation: () => client,
  saveClientInformation: ({ issuer: _issuer, ...info }) => void (client = info),
  tokens: () => tokens,
  saveTokens: ({ issuer: _issuer, ...saved }) => void (tokens = saved),
  redirectToAuthorization: (url) => void spawn(process.env.BROWSER || 'xdg-open', [url.href], { stdio: 'ignore' }).on('error', () => undefined),
  saveCodeVerifier: (saved) => void (verifier = saved),
  codeVerifier: () => verifier,
};

const mcp = new Client({ name: 'single-slot-client', version: '1.0.0' });
let transport = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider });
async function authorized<T>(operation: () => Promise<T>, reconnect = false): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof UnauthorizedError) || attempt >= 2) throw error;
      const code = await new Promise<string>((resolve, reject) => {
        nextCode = resolve;
        setTimeout(() => reject(new Error('no callback')), 10_000).unref();
      });
      await transport.finishAuth(code);
      if (reconnect) transport = new StreamableHTTPClientTransport(serverUrl, { authProvider: provider });
    }
  }
}

try {
  await authorized(() => mcp.connect(transport), true);
  await authorized(() => mcp.listTools());
  await mcp.close();
} catch (error) {
  process.stderr.write(`single-slot client: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  callbacks.close();
}
