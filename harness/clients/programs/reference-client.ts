// The built-in reference client, run as its own process like any client under test:
//   node reference-client.js <mcp-server-url>
// It is the official SDK's Client and Streamable HTTP transport with an OAuth client provider, a real
// loopback callback listener, and the browser opened through $BROWSER or xdg-open as CLIs do. Where the
// SDK skips a requirement it is added here: the metadata issuer (RFC 8414 §3.3), code_challenge_methods_supported
// (2025-11-25), state on the callback, and RFC 9207 iss; DPoP (SEP-1932) where the authorization server offers it.
// Its parts: reference-fetch (what the SDK's requests go through), reference-provider (the SDK's OAuth client provider),
// reference-callback (the redirect URI), reference-session (what one run learns), reference-dpop, reference-extensions.
// None of them imports from scenarios/, whose code judges clients: a mistake there must not let this client pass by
// construction (tests/unit/house.test.ts holds them to it).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { startCallbackListener } from './reference-callback.js';
import { extensionAccessToken } from './reference-extensions.js';
import { validatingFetch } from './reference-fetch.js';
import { ReferenceProvider } from './reference-provider.js';
import { SPEC_VERSION, stepUp, validateIss } from './reference-session.js';

/** Authorizations after a refused operation's first one: with it, three in all, "a few" as the official suite counts them. */
const MAX_AUTHORIZATIONS = 2;

function fatal(message: string): never {
  process.stderr.write(`reference client: ${message}\n`);
  process.exit(1);
}

/**
 * The SDK's Client always offers its own newest protocol version in initialize; the reference client offers the
 * revision whose authorization rules it follows, so a run that judges at the negotiated revision judges those.
 */
function speaking(revision: string, transport: StreamableHTTPClientTransport): StreamableHTTPClientTransport {
  if (!SUPPORTED_PROTOCOL_VERSIONS.includes(revision)) SUPPORTED_PROTOCOL_VERSIONS.unshift(revision);
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if ('method' in message && message.method === 'initialize' && message.params)
      message = { ...message, params: { ...message.params, protocolVersion: revision } };
    return send(message, options);
  };
  return transport;
}

/** An extension grant (reference-extensions.ts) obtained the token without a browser: use it. */
async function connectWithToken(serverUrl: URL, token: string): Promise<void> {
  const client = new Client({ name: 'mcp-oauth-conformance-reference', version: '1.0.0' });
  const transport = speaking(SPEC_VERSION, new StreamableHTTPClientTransport(serverUrl, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  await client.connect(transport);
  const tools = await client.listTools();
  await transport.terminateSession();
  await client.close();
  process.stdout.write(`connected to ${serverUrl.href} with an extension grant's token; ${tools.tools.length} tool(s)\n`);
}

async function main(): Promise<void> {
  const target = process.argv[process.argv.length - 1];
  if (!target || !/^https?:\/\//.test(target)) fatal('usage: reference-client <mcp-server-url>');
  const serverUrl = new URL(target);
  const extensionToken = await extensionAccessToken(serverUrl);
  if (extensionToken) return connectWithToken(serverUrl, extensionToken);
  const callbacks = await startCallbackListener();
  const provider = new ReferenceProvider(callbacks.redirectUrl, (state) => callbacks.expect(state));
  stepUp.onChallenge = () => provider.forgetRefreshToken();
  const client = new Client({ name: 'mcp-oauth-conformance-reference', version: '1.0.0' });
  const newTransport = () => speaking(SPEC_VERSION, new StreamableHTTPClientTransport(serverUrl, { authProvider: provider, fetch: validatingFetch }));
  let transport = newTransport();

  // Each UnauthorizedError means the SDK sent the user to the authorization server: wait for the
  // callback, redeem the code, and retry what was refused, a bounded number of times. A refused
  // connect leaves its transport closed, so connecting again takes a new one.
  const authorized = async <T>(operation: () => Promise<T>, renewTransport = false): Promise<T> => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await operation();
      } catch (error) {
        if (!(error instanceof UnauthorizedError) || attempt >= MAX_AUTHORIZATIONS) throw error;
        const callback = await callbacks.next();
        validateIss(callback);
        await transport.finishAuth(callback.code);
        if (renewTransport) transport = newTransport();
      }
    }
  };

  try {
    await authorized(() => client.connect(transport), true);
    const tools = await authorized(() => client.listTools());
    if (tools.tools.some((t) => t.name === 'echo')) {
      await authorized(() => client.callTool({ name: 'echo', arguments: { text: 'conformance' } }));
    }
    await transport.terminateSession();
    await client.close();
    process.stdout.write(`connected to ${serverUrl.href}; ${tools.tools.length} tool(s)\n`);
  } finally {
    await callbacks.close();
  }
}

main().catch((error: Error) => fatal(error.message));
