// A deployment made of third-party parts, on loopback, for `capture` to read: a certified OpenID provider library
// (oidc-provider) as the authorization server, and the official SDK's server-side auth (its protected resource
// metadata router and bearer middleware) in front of its Streamable HTTP transport. Nothing here is ours but the
// wiring; its own request log is what a test asserts on.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { getOAuthProtectedResourceMetadataUrl, mcpAuthMetadataRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import type { OAuthMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import express from 'express';
import Provider from 'oidc-provider';

export interface ThirdPartyDeployment {
  mcpUrl: string;
  issuer: string;
  /** Every request either server received, in order. */
  log: { server: 'mcp' | 'provider'; method: string; url: string; authorization?: string }[];
  close(): Promise<void>;
}

const SCOPE = 'mcp:tools';

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function startThirdPartyDeployment(): Promise<ThirdPartyDeployment> {
  const log: ThirdPartyDeployment['log'] = [];
  const record = (server: 'mcp' | 'provider', req: IncomingMessage) =>
    log.push({ server, method: req.method ?? '', url: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });

  // The provider needs its issuer, which needs the port: it is made once its listener is up.
  const started: { provider?: Provider } = {};
  const providerListener = await listen((req, res) => {
    record('provider', req);
    started.provider!.callback()(req, res);
  });
  const issuer = providerListener.origin;
  const app = express();
  const mcpListener = await listen((req, res) => {
    record('mcp', req);
    app(req, res);
  });
  const mcpUrl = `${mcpListener.origin}/mcp`;
  const provider = new Provider(issuer, {
    clients: [],
    scopes: ['openid', 'offline_access', SCOPE],
    features: {
      registration: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => mcpUrl,
        getResourceServerInfo: () => ({ scope: SCOPE, accessTokenFormat: 'opaque', audience: mcpUrl }),
      },
    },
    pkce: { required: () => true },
  });
  started.provider = provider;

  const oauthMetadata = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as OAuthMetadata;
  log.length = 0; // the wiring's own fetch is not the client's
  app.use(mcpAuthMetadataRouter({ oauthMetadata, resourceServerUrl: new URL(mcpUrl), scopesSupported: [SCOPE], resourceName: 'third-party deployment' }));
  const verifier = {
    async verifyAccessToken(token: string) {
      const found = await provider.AccessToken.find(token);
      if (!found) throw new Error('unknown token');
      return { token, clientId: found.clientId ?? '', scopes: (found.scope ?? '').split(' ').filter(Boolean), ...(found.exp ? { expiresAt: found.exp } : {}) };
    },
  };
  app.post(
    '/mcp',
    express.json(),
    requireBearerAuth({ verifier, requiredScopes: [SCOPE], resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(new URL(mcpUrl)) }),
    async (req, res) => {
      const server = new McpServer({ name: 'third-party deployment', version: '1.0.0' });
      server.registerTool('echo', { description: 'echoes' }, () => ({ content: [{ type: 'text', text: 'echo' }] }));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    },
  );
  return {
    mcpUrl,
    issuer,
    log,
    close: async () => {
      await Promise.all([providerListener.close(), mcpListener.close()]);
    },
  };
}
