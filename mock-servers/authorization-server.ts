// A loopback authorization server as its spec says: the routes it answers, each endpoint in its own module
// (authorization-metadata, authorization-registration, authorization-endpoint, token-endpoint) over one shared state.
import express, { type Express } from 'express';
import type { AuthorizationServerSpec, ResolvedAuthorizationServer } from '../scenarios/types.js';
import { hasScheme } from '../scenarios/urls.js';
import { bodyErrorHandler, type Recorder } from './recorder.js';
import { orgServerMetadata } from './org-server-metadata.js';
import { wellKnownFallback } from './well-known-fallback.js';
import { DpopVerifier } from './dpop.js';
import { oauthError, type AuthorizationServerOptions, type AuthorizationServerState, type TokenGrant } from './authorization-server-state.js';
import { discoveryPath, metadataDocument, trimmedIssuerPath } from './authorization-metadata.js';
import { register } from './authorization-registration.js';
import { authorize } from './authorization-endpoint.js';
import { token } from './token-endpoint.js';

/** A loopback authorization server: metadata, registration, authorization and token endpoints, as its spec says. */
export class MockAuthorizationServer {
  readonly app: Express;
  private readonly state: AuthorizationServerState;

  constructor(
    spec: AuthorizationServerSpec,
    readonly resolved: ResolvedAuthorizationServer,
    /** Resources this server issues tokens for; the first is the audience when a client sends none. */
    resources: string[],
    recorder: Recorder,
    options: AuthorizationServerOptions = {},
  ) {
    const state: AuthorizationServerState = {
      spec,
      resolved,
      resources,
      recorder,
      options,
      clients: new Map(),
      codes: new Map(),
      accessTokens: new Map(),
      refreshTokens: new Map(),
      dpop: spec.dpop ? new DpopVerifier(spec.dpop.requireNonce === true) : undefined,
    };
    for (const c of spec.preRegisteredClients ?? []) {
      state.clients.set(c.clientId, { clientId: c.clientId, clientSecret: c.clientSecret, method: c.method, redirectUris: c.redirectUris ?? [] });
    }
    this.state = state;
    const app = express();
    app.disable('x-powered-by');
    app.use(...recorder.middleware(spec.id, 'authorization-server', resolved.origin));
    for (const kind of spec.discovery) {
      app.get(discoveryPath(kind, spec), (_req, res) => {
        res.json(kind === 'oauth-root' && trimmedIssuerPath(spec) ? orgServerMetadata(resolved.origin) : this.metadata(kind.startsWith('oidc')));
      });
    }
    app.get('/.well-known/jwks.json', (_req, res) => {
      res.json({ keys: [] });
    });
    if (spec.endpoints.registration) app.post(spec.endpoints.registration, (req, res) => register(state, req, res));
    if (!hasScheme(spec.endpoints.authorization)) app.get(spec.endpoints.authorization, (req, res) => void authorize(state, req, res));
    app.post(spec.endpoints.token, (req, res) => void token(state, req, res));
    app.use(wellKnownFallback(spec.otherWellKnown));
    app.use((_req, res) => oauthError(res, 404, 'not_found', 'no such endpoint on this authorization server'));
    app.use(bodyErrorHandler);
    this.app = app;
  }

  /** The grant behind an access token, if this server issued it and it has not expired. */
  introspect(token: string): TokenGrant | undefined {
    const grant = this.state.accessTokens.get(token);
    if (!grant || grant.expiresAt <= Date.now()) return undefined;
    if (grant.usesLeft !== undefined) {
      if (grant.usesLeft <= 0) return undefined;
      grant.usesLeft -= 1;
    }
    return grant;
  }

  /** The metadata document (RFC 8414, or OpenID Discovery with its extra fields). */
  metadata(oidc: boolean): Record<string, unknown> {
    return metadataDocument(this.state, oidc);
  }
}
