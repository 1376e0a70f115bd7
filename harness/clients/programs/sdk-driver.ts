// The driver of `--client sdk@<version>`: the official TypeScript SDK's own Client, Streamable HTTP transport
// and auth() at whatever version is installed in MCP_SDK_DIR, with the smallest OAuth client provider a CLI
// would write (in memory, loopback callback, browser through $BROWSER). It adds no validation of its own, so
// the verdicts are the SDK's.
//   MCP_SDK_DIR=<install>/node_modules/@modelcontextprotocol/sdk node sdk-driver.js <mcp-server-url>
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CALLBACK_TIMEOUT_MS = 30_000;
const MAX_AUTHORIZATIONS = 2;

type Json = Record<string, unknown>;
/** MCP_CONFORMANCE_CONTEXT: pre-registered credentials, or an extension grant's configuration. */
type Context = Json & { client_id?: string; client_secret?: string };
interface SdkClient {
  connect(transport: unknown): Promise<void>;
  listTools(): Promise<unknown>;
  close(): Promise<void>;
}
interface SdkTransport {
  finishAuth(code: string): Promise<void>;
  close(): Promise<void>;
}

async function load<T>(dir: string, path: string): Promise<T> {
  return (await import(pathToFileURL(join(dir, 'dist', 'esm', path)).href)) as T;
}

/**
 * The SDK's own provider for a client credentials extension MCP_CONFORMANCE_CONTEXT configures (client/auth-extensions.js:
 * ClientCredentialsProvider, PrivateKeyJwtProvider), or undefined: none configured, or an SDK version without them (it
 * then runs the authorization code flow, and the extension scenario is skipped). The SDK has no provider for workload
 * identity federation, and enterprise-managed authorization (CrossAppAccessProvider) is in its 2.x line only.
 */
async function extensionProvider(dir: string, context: Json): Promise<unknown> {
  const scenario = String(context.name ?? process.env.MCP_CONFORMANCE_SCENARIO ?? '');
  const jwt = typeof context.private_key_pem === 'string';
  if (!jwt && !(typeof context.client_secret === 'string' && /client-credentials/.test(scenario))) return undefined;
  type Provider = new (options: Json) => unknown;
  const extensions = await load<{ ClientCredentialsProvider?: Provider; PrivateKeyJwtProvider?: Provider }>(dir, 'client/auth-extensions.js').catch(
    () => undefined,
  );
  const Provider = jwt ? extensions?.PrivateKeyJwtProvider : extensions?.ClientCredentialsProvider;
  if (!Provider) return undefined;
  return jwt
    ? new Provider({ clientId: context.client_id, privateKey: context.private_key_pem, algorithm: context.signing_algorithm ?? 'ES256' })
    : new Provider({ clientId: context.client_id, clientSecret: context.client_secret });
}

interface Sdk {
  Client: new (info: Json, options: Json) => SdkClient;
  StreamableHTTPClientTransport: new (url: URL, options: Json) => SdkTransport;
  UnauthorizedError: new () => Error;
}

async function loadSdk(dir: string): Promise<Sdk> {
  const { Client } = await load<Pick<Sdk, 'Client'>>(dir, 'client/index.js');
  const { StreamableHTTPClientTransport } = await load<Pick<Sdk, 'StreamableHTTPClientTransport'>>(dir, 'client/streamableHttp.js');
  const { UnauthorizedError } = await load<Pick<Sdk, 'UnauthorizedError'>>(dir, 'client/auth.js');
  return { Client, StreamableHTTPClientTransport, UnauthorizedError };
}

/** The loopback redirect URI; `nextCode` waits for the code of the authorization about to start. */
async function startCallbackListener(): Promise<{ redirectUrl: string; nextCode(): Promise<string>; close(): void }> {
  let deliver: ((code: string) => void) | undefined;
  const server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    const code = query.get('code');
    res
      .writeHead(code ? 200 : 400, { 'content-type': 'text/plain' })
      .end(code ? 'Authorization complete; you may close this window.' : `Authorization failed: ${query.get('error') ?? 'no code'}`);
    if (code) deliver?.(code);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    redirectUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    nextCode() {
      const codeArrived = new Promise<string>((resolve, reject) => {
        deliver = resolve;
        setTimeout(() => reject(new Error('no authorization callback arrived in time')), CALLBACK_TIMEOUT_MS).unref();
      });
      codeArrived.catch(() => {});
      return codeArrived;
    },
    close: () => server.close(),
  };
}

/** The smallest OAuth client provider a CLI would write: in memory, pre-registered credentials when the context has them. */
function memoryProvider(redirectUrl: string, context: Context) {
  let clientInformation: Json | undefined = context.client_id
    ? { client_id: context.client_id, ...(context.client_secret ? { client_secret: context.client_secret } : {}) }
    : undefined;
  let tokens: Json | undefined;
  let verifier = '';
  return {
    get redirectUrl() {
      return redirectUrl;
    },
    get clientMetadata() {
      return {
        client_name: 'mcp-oauth-conformance sdk driver',
        redirect_uris: [redirectUrl],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: context.client_secret ? 'client_secret_basic' : 'none',
      };
    },
    state: () => Math.random().toString(36).slice(2),
    clientInformation: () => clientInformation,
    saveClientInformation: (info: Json) => {
      clientInformation = info;
    },
    tokens: () => tokens,
    saveTokens: (t: Json) => {
      tokens = t;
    },
    redirectToAuthorization: (authorizationUrl: URL) => {
      const browser = process.env.BROWSER ?? 'xdg-open';
      spawn(browser, [authorizationUrl.toString()], { stdio: 'ignore' }).on('error', (e) => process.stderr.write(`cannot open the browser: ${e.message}\n`));
      process.stderr.write(`Opened ${authorizationUrl.toString()}\n`);
    },
    saveCodeVerifier: (v: string) => {
      verifier = v;
    },
    codeVerifier: () => verifier,
  };
}

/** Connects over `transport` and prints the tools, as the harness reads them from stdout. */
async function listTools(sdk: Sdk, transport: SdkTransport): Promise<void> {
  const client = new sdk.Client({ name: 'mcp-oauth-conformance-sdk-driver', version: '1' }, { capabilities: {} });
  await client.connect(transport);
  process.stdout.write(`${JSON.stringify(await client.listTools())}\n`);
  await client.close();
}

async function main(): Promise<void> {
  const url = process.argv[2];
  const dir = process.env.MCP_SDK_DIR;
  if (!url || !dir) throw new Error('usage: MCP_SDK_DIR=<sdk folder> sdk-driver <mcp-server-url>');
  const sdk = await loadSdk(dir);
  const callbacks = await startCallbackListener();
  const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') as Context;
  const grantProvider = await extensionProvider(dir, context);
  if (grantProvider) {
    callbacks.close();
    return listTools(sdk, new sdk.StreamableHTTPClientTransport(new URL(url), { authProvider: grantProvider }));
  }
  const provider = memoryProvider(callbacks.redirectUrl, context);
  // Each UnauthorizedError means the SDK sent the user to the authorization server: redeem the code and connect again.
  try {
    for (let attempt = 0; ; attempt++) {
      const codeArrived = callbacks.nextCode();
      const transport = new sdk.StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
      try {
        return await listTools(sdk, transport);
      } catch (error) {
        if (!(error instanceof sdk.UnauthorizedError) || attempt >= MAX_AUTHORIZATIONS) throw error;
        await transport.finishAuth(await codeArrived);
      }
    }
  } finally {
    callbacks.close();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`sdk driver: ${error.message}\n`);
    process.exit(1);
  },
);
