import { createHash, randomBytes } from 'node:crypto';
import express, { type Express, type Request, type Response } from 'express';
import type { AsDiscoveryUrl, AuthorizationServerSpec, ResolvedAuthorizationServer, TokenEndpointAuthMethod } from '../scenarios/types.js';
import { bodyErrorHandler, type Recorder } from './recorder.js';
import { assignClientMetadata, checkClientMetadata } from './registration-schema.js';
import { CONSENT_PARAM, consentPage } from './consent-page.js';
import { fetchClientMetadataDocument } from './client-metadata-document.js';
import { orgServerMetadata } from './org-server-metadata.js';
import { wellKnownFallback } from './well-known-fallback.js';
import type { ExtensionGrants } from './extension-grants.js';
import { equivalentUris } from '../scenarios/uri-equivalence.js';
import { basicCredentials, percentDecoded } from '../scenarios/credentials.js';
import { hasScheme } from '../scenarios/urls.js';
import { DPOP_ALGS, DpopVerifier, refuseTokenRequest } from './dpop.js';

/** A client this server knows: registered here, pre-registered by the scenario, or a fetched metadata document. */
interface KnownClient {
  clientId: string;
  clientSecret?: string;
  method: TokenEndpointAuthMethod;
  redirectUris: string[];
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  resource?: string;
  scope?: string;
  expiresAt: number;
  used: boolean;
}

export interface TokenGrant {
  issuer: string;
  clientId: string;
  audience: string;
  scope?: string;
  expiresAt: number;
  /** Requests to the MCP server left before the token counts as expired (`accessTokenUses`). */
  usesLeft?: number;
  /** DPoP: the RFC 7638 thumbprint of the key the token is bound to (`cnf.jkt`, RFC 9449 §6). */
  jkt?: string;
}

interface RefreshGrant {
  clientId: string;
  audience: string;
  scope?: string;
  /** DPoP: a public client's refresh token is bound to the key of its proof (RFC 9449 §5). */
  jkt?: string;
}

const CODE_TTL_MS = 120_000;
const GRANT_TYPES_SUPPORTED = ['authorization_code', 'refresh_token'];
const RESPONSE_TYPES_SUPPORTED = ['code'];

const randomToken = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

function trimmedIssuerPath(spec: AuthorizationServerSpec): string {
  return spec.issuerPath.endsWith('/') ? spec.issuerPath.slice(0, -1) : spec.issuerPath;
}

export function discoveryPath(kind: AsDiscoveryUrl, spec: AuthorizationServerSpec): string {
  const path = trimmedIssuerPath(spec);
  switch (kind) {
    case 'oauth-path-inserted':
      return `/.well-known/oauth-authorization-server${path}`;
    case 'oidc-path-inserted':
      return `/.well-known/openid-configuration${path}`;
    case 'oidc-appended':
      return `${path}/.well-known/openid-configuration`;
    case 'oauth-root':
      return '/.well-known/oauth-authorization-server';
    default:
      throw new Error(`unknown discovery URL kind ${String(kind)}`);
  }
}

export function resolveAuthorizationServer(spec: AuthorizationServerSpec, origin: string): ResolvedAuthorizationServer {
  const metadataUrls: ResolvedAuthorizationServer['metadataUrls'] = {};
  for (const kind of spec.discovery) metadataUrls[kind] = origin + discoveryPath(kind, spec);
  return {
    id: spec.id,
    origin,
    issuer: origin + spec.issuerPath,
    ...(spec.advertisedIssuerPath !== undefined ? { advertisedIssuer: origin + spec.advertisedIssuerPath } : {}),
    endpoints: {
      authorization: hasScheme(spec.endpoints.authorization) ? spec.endpoints.authorization : origin + spec.endpoints.authorization,
      token: origin + spec.endpoints.token,
      ...(spec.endpoints.registration ? { registration: origin + spec.endpoints.registration } : {}),
    },
    metadataUrls,
  };
}

/** The server grants only the scopes it knows (when it lists them), as real servers narrow a request. */
function grantedScope(requested: string | null, supported: string[] | undefined): string | undefined {
  if (requested === null) return undefined;
  const granted = requested.split(/\s+/).filter((s) => s && (!supported || supported.includes(s)));
  return granted.length ? granted.join(' ') : undefined;
}

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error, error_description: description });
}

/** How the server is played: with a consent page (for a real browser) instead of approving a plain GET at once. */
export interface AuthorizationServerOptions {
  consentPage?: boolean;
  /** The extension grant its token endpoint answers instead of the authorization code grant (spec `extensionGrants`). */
  extensionGrants?: ExtensionGrants;
}

/** A loopback authorization server: metadata, registration, authorization and token endpoints, as its spec says. */
export class MockAuthorizationServer {
  readonly app: Express;
  private readonly clients = new Map<string, KnownClient>();
  private readonly codes = new Map<string, CodeGrant>();
  private readonly accessTokens = new Map<string, TokenGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly dpop: DpopVerifier | undefined;

  constructor(
    private readonly spec: AuthorizationServerSpec,
    readonly resolved: ResolvedAuthorizationServer,
    /** Resources this server issues tokens for; the first is the audience when a client sends none. */
    private readonly resources: string[],
    private readonly recorder: Recorder,
    private readonly options: AuthorizationServerOptions = {},
  ) {
    for (const c of spec.preRegisteredClients ?? []) {
      this.clients.set(c.clientId, { clientId: c.clientId, clientSecret: c.clientSecret, method: c.method, redirectUris: c.redirectUris ?? [] });
    }
    this.dpop = spec.dpop ? new DpopVerifier(spec.dpop.requireNonce === true) : undefined;
    this.app = express();
    this.app.disable('x-powered-by');
    this.app.use(...recorder.middleware(spec.id, 'authorization-server', resolved.origin));
    for (const kind of spec.discovery) {
      this.app.get(discoveryPath(kind, spec), (_req, res) => {
        res.json(kind === 'oauth-root' && trimmedIssuerPath(spec) ? orgServerMetadata(resolved.origin) : this.metadata(kind.startsWith('oidc')));
      });
    }
    this.app.get('/.well-known/jwks.json', (_req, res) => {
      res.json({ keys: [] });
    });
    if (spec.endpoints.registration) this.app.post(spec.endpoints.registration, (req, res) => this.register(req, res));
    if (!hasScheme(spec.endpoints.authorization)) this.app.get(spec.endpoints.authorization, (req, res) => void this.authorize(req, res));
    this.app.post(spec.endpoints.token, (req, res) => void this.token(req, res));
    this.app.use(wellKnownFallback(spec.otherWellKnown));
    this.app.use((_req, res) => oauthError(res, 404, 'not_found', 'no such endpoint on this authorization server'));
    this.app.use(bodyErrorHandler);
  }

  /** The grant behind an access token, if this server issued it and it has not expired. */
  introspect(token: string): TokenGrant | undefined {
    const grant = this.accessTokens.get(token);
    if (!grant || grant.expiresAt <= Date.now()) return undefined;
    if (grant.usesLeft !== undefined) {
      if (grant.usesLeft <= 0) return undefined;
      grant.usesLeft -= 1;
    }
    return grant;
  }

  /** The metadata document (RFC 8414, or OpenID Discovery with its extra fields). */
  metadata(oidc: boolean): Record<string, unknown> {
    const { resolved, spec } = this;
    const document: Record<string, unknown> = {
      issuer: resolved.advertisedIssuer ?? resolved.issuer,
      authorization_endpoint: resolved.endpoints.authorization,
      token_endpoint: resolved.endpoints.token,
      ...(resolved.endpoints.registration ? { registration_endpoint: resolved.endpoints.registration } : {}),
      response_types_supported: RESPONSE_TYPES_SUPPORTED,
      grant_types_supported: GRANT_TYPES_SUPPORTED,
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: spec.tokenEndpointAuthMethods,
      ...(spec.scopesSupported ? { scopes_supported: spec.scopesSupported } : {}),
      ...(spec.clientIdMetadataDocuments ? { client_id_metadata_document_supported: true } : {}),
      ...(spec.dpop ? { dpop_signing_alg_values_supported: DPOP_ALGS } : {}),
      ...(spec.authorizationResponseIss && spec.authorizationResponseIss !== 'unadvertised-wrong'
        ? { authorization_response_iss_parameter_supported: true }
        : {}),
      ...(oidc
        ? {
            jwks_uri: `${resolved.origin}/.well-known/jwks.json`,
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256'],
          }
        : {}),
    };
    Object.assign(document, this.options.extensionGrants?.metadata());
    for (const field of spec.omitMetadata ?? []) delete document[field];
    return document;
  }

  private register(req: Request, res: Response): void {
    const refused = this.spec.registrationRefused;
    if (refused) return oauthError(res, refused.status, refused.error, refused.description);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
    } catch {
      return oauthError(res, 400, 'invalid_client_metadata', 'the registration request body is not JSON');
    }
    const checked = checkClientMetadata(body);
    if (!checked.ok) return oauthError(res, 400, checked.error, checked.description);
    // Credentials are the server's to issue: a client_secret the request carries is not echoed as if registered.
    const { client_secret: _secret, client_secret_expires_at: _expiry, ...metadata } = checked.metadata;
    const assignment = assignClientMetadata(metadata, {
      tokenEndpointAuthMethods: this.spec.tokenEndpointAuthMethods,
      grantTypes: GRANT_TYPES_SUPPORTED,
      responseTypes: RESPONSE_TYPES_SUPPORTED,
      policy: this.spec.registrationPolicy ?? 'assign',
    });
    if (!assignment.ok) return oauthError(res, 400, assignment.error, assignment.description);
    const { assigned } = assignment;
    const method = assigned.token_endpoint_auth_method as TokenEndpointAuthMethod;
    const sensitive = this.spec.encodingSensitiveCredentials;
    const client: KnownClient = {
      clientId: sensitive ? `client+${randomBytes(12).toString('base64url')}` : randomToken('client-'),
      method,
      redirectUris: metadata.redirect_uris,
      ...(method === 'none' ? {} : { clientSecret: sensitive ? `+/${randomBytes(23).toString('base64')}=` : randomToken('secret-') }),
    };
    this.clients.set(client.clientId, client);
    // RFC 7591 §3.2.1: every registered value, the assigned ones included; a secret with its expiry (0: never).
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({
        ...metadata,
        ...assigned,
        client_id: client.clientId,
        client_id_issued_at: Math.floor(Date.now() / 1000),
        ...(client.clientSecret ? { client_secret: client.clientSecret, client_secret_expires_at: 0 } : {}),
      });
  }

  /**
   * A client ID metadata document client: known from its document when the server could fetch it; otherwise
   * (not on loopback) taken on trust with the redirect URI it sent, so the flow goes on and the verdict says
   * the document could not be checked.
   */
  private async metadataDocumentClient(clientId: string, redirectUri: string): Promise<KnownClient | undefined> {
    if (!this.spec.clientIdMetadataDocuments || !/^https:\/\/[^#]+\/[^#]+$/.test(clientId)) return undefined;
    const fetched = await fetchClientMetadataDocument(clientId, this.recorder);
    if (!fetched.reachable) return { clientId, method: 'none', redirectUris: [redirectUri] };
    const document = fetched.document;
    if (!document || document.client_id !== clientId || !Array.isArray(document.redirect_uris)) return undefined;
    return { clientId, method: 'none', redirectUris: document.redirect_uris.map(String) };
  }

  private async authorize(req: Request, res: Response): Promise<void> {
    const params = new URL(req.originalUrl, this.resolved.origin).searchParams;
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    const client = this.clients.get(clientId) ?? (await this.metadataDocumentClient(clientId, redirectUri));
    if (client && !this.clients.has(clientId)) this.clients.set(clientId, client);
    // Without a known client and its exact redirect URI the error must not be redirected (OAuth 2.1 §4.1.2.1).
    if (!client) return void res.status(400).type('text/plain').send(`unknown client_id "${clientId}"`);
    // A pre-registered client without redirect URIs stands for a native app: any loopback port (OAuth 2.1 §8.4.2).
    const loopbackAnyPort = client.redirectUris.length === 0 && /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\//.test(redirectUri);
    if (!loopbackAnyPort && !client.redirectUris.includes(redirectUri)) {
      return void res
        .status(400)
        .type('text/plain')
        .send(`redirect_uri "${redirectUri}" is not registered for this client; registered: ${client.redirectUris.join(', ')}`);
    }
    const state = params.get('state');
    const back = (query: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [name, value] of Object.entries(query)) target.searchParams.set(name, value);
      if (state !== null) target.searchParams.set('state', state);
      const iss = this.spec.authorizationResponseIss;
      if (iss === 'correct') target.searchParams.set('iss', this.resolved.issuer);
      if (iss === 'wrong' || iss === 'unadvertised-wrong') target.searchParams.set('iss', `${this.resolved.origin}/another-issuer`);
      if (iss === 'normalized')
        target.searchParams.set('iss', this.resolved.issuer.endsWith('/') ? this.resolved.issuer.slice(0, -1) : `${this.resolved.issuer}/`);
      res.redirect(302, target.href);
    };
    if (params.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', error_description: 'only response_type=code' });
    const challenge = params.get('code_challenge');
    if (!challenge) return back({ error: 'invalid_request', error_description: 'code_challenge is required (PKCE)' });
    if (params.get('code_challenge_method') !== 'S256') return back({ error: 'invalid_request', error_description: 'code_challenge_method must be S256' });
    const requested = params.get('resource') ?? undefined;
    const resource = requested === undefined ? undefined : this.knownResource(requested);
    if (requested !== undefined && resource === undefined) {
      return back({ error: 'invalid_target', error_description: `unknown resource ${requested}` });
    }
    if (this.options.consentPage) {
      const consent = params.get(CONSENT_PARAM);
      if (consent === null)
        return void res
          .status(200)
          .type('html')
          .set('Cache-Control', 'no-store')
          .send(consentPage(this.resolved.endpoints.authorization, params, this.resolved.issuer));
      if (consent === 'deny') return back({ error: 'access_denied', error_description: 'the user denied the request on the consent page' });
    }
    const code = randomToken('code-');
    this.codes.set(code, {
      clientId,
      redirectUri,
      challenge,
      resource,
      scope: grantedScope(params.get('scope'), this.spec.scopesSupported),
      expiresAt: Date.now() + CODE_TTL_MS,
      used: false,
    });
    back({ code });
  }

  /**
   * The resource this server issues tokens for that `requested` names, compared by RFC 3986 equivalence as a real
   * server may (http://localhost:4000/ names http://localhost:4000): the canonical form is a SHOULD the checks judge
   * (resource-parameter-matches-prm), so an equivalent form must not turn that finding into a failed flow.
   */
  private knownResource(requested: string): string | undefined {
    return this.resources.find((known) => equivalentUris(requested, known));
  }

  /** OAuth 2.1 §2.4: the client authenticates exactly as it registered, or it is an invalid_client. */
  private authenticate(req: Request, form: URLSearchParams): KnownClient | string {
    let clientId = form.get('client_id') ?? undefined;
    let secret = form.get('client_secret') ?? undefined;
    let method: TokenEndpointAuthMethod = secret ? 'client_secret_post' : 'none';
    const basic = basicCredentials(req.headers.authorization);
    if (basic) {
      const id = basic.pair && percentDecoded(basic.pair.id);
      const password = basic.pair && percentDecoded(basic.pair.secret);
      if (id === undefined || password === undefined) return 'malformed Basic credentials';
      clientId = id;
      secret = password;
      method = 'client_secret_basic';
    }
    const client = clientId ? this.clients.get(clientId) : undefined;
    if (!client) return `unknown client_id "${clientId ?? ''}"`;
    if (client.method !== method) return `the client registered ${client.method} but authenticated with ${method}`;
    if (client.clientSecret !== undefined && client.clientSecret !== secret) return 'wrong client secret';
    return client;
  }

  private async token(req: Request, res: Response): Promise<void> {
    res.set('Cache-Control', 'no-store');
    if (!req.is('application/x-www-form-urlencoded')) {
      return oauthError(res, 400, 'invalid_request', 'the token request must be application/x-www-form-urlencoded');
    }
    // DPoP before anything is consumed: a request refused for its proof (or a nonce) leaves the code unused.
    const proof = this.dpop && (await this.dpop.verify(req, this.resolved.endpoints.token));
    if (proof && !proof.ok) return refuseTokenRequest(res, this.dpop, proof);
    const jkt = proof ? proof.jkt : undefined;
    const form = new URLSearchParams(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
    const extension = this.options.extensionGrants;
    if (extension) {
      // RFC 6749 §4.4.3: no refresh token for client credentials; none for an assertion grant either (the assertion is the renewal).
      void extension.token(req, form).then(
        (answer) =>
          answer.ok
            ? this.issue(res, { clientId: answer.clientId, method: 'none', redirectUris: [] }, answer.audience, answer.scope, {
                ...(jkt ? { jkt } : {}),
                refreshToken: false,
              })
            : oauthError(res, answer.status, answer.error, answer.description),
        (error: Error) => oauthError(res, 500, 'server_error', `the mock authorization server failed: ${error.message}`),
      );
      return;
    }
    const client = this.authenticate(req, form);
    if (typeof client === 'string') return oauthError(res, 401, 'invalid_client', client);
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') return this.exchangeCode(res, form, client, jkt);
    if (grantType === 'refresh_token') return this.refresh(res, form, client, jkt);
    oauthError(res, 400, 'unsupported_grant_type', `grant_type ${grantType ?? '(none)'} is not supported`);
  }

  private exchangeCode(res: Response, form: URLSearchParams, client: KnownClient, jkt: string | undefined): void {
    const code = form.get('code') ?? '';
    const grant = this.codes.get(code);
    if (!grant || grant.used || grant.expiresAt < Date.now()) return oauthError(res, 400, 'invalid_grant', 'unknown, used or expired authorization code');
    if (grant.clientId !== client.clientId) return oauthError(res, 400, 'invalid_grant', 'the code was issued to another client');
    grant.used = true;
    const redirectUri = form.get('redirect_uri');
    if (redirectUri !== null && redirectUri !== grant.redirectUri)
      return oauthError(res, 400, 'invalid_grant', 'redirect_uri differs from the authorization request');
    const verifier = form.get('code_verifier');
    if (!verifier) return oauthError(res, 400, 'invalid_grant', 'code_verifier is required');
    if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
      return oauthError(res, 400, 'invalid_grant', 'code_verifier does not match the code_challenge');
    }
    const requested = form.get('resource');
    const resource = requested === null ? grant.resource : this.knownResource(requested);
    if (requested !== null && resource === undefined) return oauthError(res, 400, 'invalid_target', `unknown resource ${requested}`);
    this.issue(res, client, resource ?? this.resources[0]!, grant.scope, jkt ? { jkt } : {});
  }

  private refresh(res: Response, form: URLSearchParams, client: KnownClient, jkt: string | undefined): void {
    const presented = form.get('refresh_token') ?? '';
    const grant = this.refreshTokens.get(presented);
    if (!grant || grant.clientId !== client.clientId) return oauthError(res, 400, 'invalid_grant', 'unknown refresh token');
    if (grant.jkt !== undefined && grant.jkt !== jkt)
      return oauthError(res, 400, 'invalid_dpop_proof', 'the refresh token is bound to a DPoP key: refresh with a proof of that key (RFC 9449 §5)');
    const resource = form.get('resource') ?? grant.audience;
    if (!equivalentUris(resource, grant.audience)) return oauthError(res, 400, 'invalid_target', `the refresh token was issued for ${grant.audience}`);
    this.refreshTokens.delete(presented); // rotation: a public client's refresh token is single-use (OAuth 2.1 §4.3.1)
    this.issue(res, client, grant.audience, grant.scope, jkt ? { jkt } : {});
  }

  /**
   * `jkt`: the key of a verified DPoP proof, to which the tokens are bound (RFC 9449 §5; a confidential client's refresh
   * token is not). `refreshToken: false`: a grant that issues none whatever the shape (client credentials, RFC 6749 §4.4.3).
   */
  private issue(res: Response, client: KnownClient, audience: string, scope: string | undefined, options: { jkt?: string; refreshToken?: boolean } = {}): void {
    const { jkt } = options;
    const ttl = this.spec.accessTokenTtl ?? 3600;
    const accessToken = randomToken('at-');
    const refreshToken = randomToken('rt-');
    const uses = this.spec.accessTokenUses;
    this.accessTokens.set(accessToken, {
      issuer: this.resolved.issuer,
      clientId: client.clientId,
      audience,
      scope,
      expiresAt: Date.now() + ttl * 1000,
      ...(uses ? { usesLeft: uses } : {}),
      ...(jkt ? { jkt } : {}),
    });
    const shape = this.spec.tokenResponse ?? {};
    const omitted = new Set(shape.omit ?? []);
    if (options.refreshToken === false) omitted.add('refresh_token');
    if (!omitted.has('refresh_token'))
      this.refreshTokens.set(refreshToken, { clientId: client.clientId, audience, scope, ...(jkt && client.method === 'none' ? { jkt } : {}) });
    res.json({
      ...shape.extra,
      access_token: accessToken,
      token_type: jkt ? 'DPoP' : (shape.tokenType ?? 'Bearer'),
      ...(omitted.has('expires_in') ? {} : { expires_in: ttl }),
      ...(omitted.has('refresh_token') ? {} : { refresh_token: refreshToken }),
      ...(scope && !omitted.has('scope') ? { scope } : {}),
    });
  }
}
