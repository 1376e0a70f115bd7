// The reference client's OAuth client provider for the SDK: its client metadata, credentials and tokens kept per issuer,
// the state, PKCE verifier and step-up scope of the authorization request, and the browser it opens.
// Like every reference-*.ts module it imports nothing from scenarios/ (see reference-client.ts).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { selectClientAuthMethod, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { AuthorizationServerMetadata, OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { discovered, SPEC_VERSION, stepUp } from './reference-session.js';

/**
 * Where the reference client says its Client ID Metadata Document lives. The reserved .invalid name can never
 * resolve, so an authorization server cannot fetch it: the harness judges the client_id's form and says the
 * document could not be checked (a client serving its document on loopback https is judged in full).
 */
const CLIENT_METADATA_URL = 'https://reference-client.mcp-oauth-conformance.invalid/client-metadata.json';

/** Opens a URL the way command-line clients do: $BROWSER, else xdg-open. Never through a shell. */
function openBrowser(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`refusing to open ${url.protocol} URL`);
  const launcher = process.env.BROWSER || 'xdg-open';
  const child = spawn(launcher, [url.href], { stdio: 'ignore', detached: true });
  child.on('error', (error) => process.stderr.write(`reference client: cannot start ${launcher}: ${error.message}\n`));
  child.unref();
}

function preRegisteredClient(): OAuthClientInformationMixed | undefined {
  const raw = process.env.MCP_CONFORMANCE_CONTEXT;
  if (!raw) return undefined;
  const context = JSON.parse(raw) as { client_id?: string; client_secret?: string; token_endpoint_auth_method?: string };
  if (!context.client_id) return undefined;
  // The method the credentials were registered with (the official suite's context names it; default client_secret_basic).
  return {
    client_id: context.client_id,
    ...(context.client_secret ? { client_secret: context.client_secret } : {}),
    ...(context.token_endpoint_auth_method ? { token_endpoint_auth_method: context.token_endpoint_auth_method } : {}),
  };
}

/**
 * Client credentials and tokens are kept per issuer, the one whose metadata was validated last (2026-07-28
 * "Authorization Server Binding"): when the resource moves to another authorization server, nothing of the old one
 * is sent to the new one, and the client registers there afresh. Pre-registered credentials are bound to the first
 * issuer they are used with.
 */
export class ReferenceProvider implements OAuthClientProvider {
  private readonly preRegistered = preRegisteredClient();
  private preRegisteredIssuer?: string;
  private readonly preRegisteredRefused = new Set<string>();
  private readonly clients = new Map<string, OAuthClientInformationMixed>();
  private readonly savedTokens = new Map<string, OAuthTokens>();
  private verifier?: string;
  lastState?: string;
  /** The scope of the last authorization request, for the 2026-07-28 step-up union (WWW-5). */
  private requestedScope?: string;
  readonly clientMetadataUrl = CLIENT_METADATA_URL;

  constructor(
    readonly redirectUrl: string,
    private readonly onState: (state: string) => void,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    // application_type: a CLI with a loopback redirect URI is a native application (2026-07-28, SEP-837: MUST be
    // specified); sent at every revision, since servers that do not know the member ignore it (RFC 7591 §2).
    const metadata: OAuthClientMetadata & { application_type: 'native' } = {
      client_name: 'mcp-oauth-conformance reference client',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
    };
    return metadata;
  }

  /** A step-up needs a new authorization, not a refresh of the token that lacks the scope. */
  forgetRefreshToken(): void {
    const tokens = this.tokens();
    if (tokens) this.saveTokens({ ...tokens, refresh_token: undefined });
  }

  state(): string {
    this.lastState = randomBytes(24).toString('base64url');
    this.onState(this.lastState);
    return this.lastState;
  }

  clientInformation() {
    const issuer = discovered.issuer;
    const own = this.clients.get(issuer ?? '');
    if (own || !this.preRegistered || issuer === undefined) return own ?? this.preRegistered;
    // Pre-registered credentials belong to one authorization server, the first whose metadata they were used with:
    // another one gets none of them, and the client registers there (2026-07-28 Authorization Server Binding).
    this.preRegisteredIssuer ??= issuer;
    if (this.preRegisteredIssuer === issuer) return this.preRegistered;
    if (!this.preRegisteredRefused.has(issuer)) {
      this.preRegisteredRefused.add(issuer);
      process.stderr.write(
        `reference client: the pre-registered credentials are for ${this.preRegisteredIssuer}, and the server now names ${issuer}: registering there instead\n`,
      );
    }
    return undefined;
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.clients.set(discovered.issuer ?? '', info);
  }

  tokens() {
    return this.savedTokens.get(discovered.issuer ?? '');
  }

  saveTokens(tokens: OAuthTokens): void {
    this.savedTokens.set(discovered.issuer ?? '', tokens);
  }

  redirectToAuthorization(url: URL): void {
    if (stepUp.challenged && SPEC_VERSION >= '2026-07-28' && this.requestedScope) {
      const union = new Set([...this.requestedScope.split(' '), ...(url.searchParams.get('scope') ?? '').split(' ')].filter(Boolean));
      url.searchParams.set('scope', [...union].join(' '));
    }
    stepUp.challenged = undefined;
    this.requestedScope = url.searchParams.get('scope') ?? undefined;
    openBrowser(url);
  }

  /**
   * The SDK's own client_secret_basic puts client_id and secret into the header as they are; RFC 6749 §2.3.1 (OAuth
   * 2.1 §2.4.1) form-encodes each first, which changes secrets with "+", "/" or "=" (standard base64) and the like.
   * An arrow function: the SDK passes it on unbound.
   */
  readonly addClientAuthentication = (headers: Headers, params: URLSearchParams, _url: string | URL, metadata?: AuthorizationServerMetadata): void => {
    const client = this.clientInformation();
    if (!client) throw new Error('no client information to authenticate with');
    const method = selectClientAuthMethod(client, metadata?.token_endpoint_auth_methods_supported ?? []);
    const encoded = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
    if (method === 'client_secret_basic' && client.client_secret) {
      headers.set('Authorization', `Basic ${Buffer.from(`${encoded(client.client_id)}:${encoded(client.client_secret)}`).toString('base64')}`);
      return;
    }
    params.set('client_id', client.client_id);
    if (method === 'client_secret_post' && client.client_secret) params.set('client_secret', client.client_secret);
  };

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no PKCE verifier saved');
    return this.verifier;
  }
}
