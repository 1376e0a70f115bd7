import express, { type Express, type Request, type Response } from 'express';
import type { PrmLocation, ResolvedResourceServer, ResourceServerSpec } from '../scenarios/types.js';
import { bearerCredentials, dpopCredentials } from '../scenarios/credentials.js';
import type { TokenGrant } from './authorization-server-state.js';
import { McpEndpoint } from './mcp-endpoint.js';
import { bodyErrorHandler, type Recorder } from './recorder.js';
import { wellKnownFallback } from './well-known-fallback.js';
import { missingScope } from './scope-gate.js';
import { admitAtResource, dpopChallenge, DpopVerifier } from './dpop.js';

export function prmPath(location: PrmLocation, spec: ResourceServerSpec): string {
  if (typeof location === 'object') return location.custom;
  const trimmed = spec.mcpPath.endsWith('/') ? spec.mcpPath.slice(0, -1) : spec.mcpPath;
  return location === 'root' ? '/.well-known/oauth-protected-resource' : `/.well-known/oauth-protected-resource${trimmed}`;
}

export function resolveResourceServer(spec: ResourceServerSpec, origin: string): ResolvedResourceServer {
  const mcpUrl = origin + spec.mcpPath;
  const prmUrls = (spec.prm?.servedAt ?? []).map((location) => origin + prmPath(location, spec));
  const resource = spec.prm?.resource;
  return {
    id: spec.id,
    origin,
    mcpUrl,
    prmUrls,
    ...(spec.challenge.resourceMetadata && prmUrls[0] ? { challengeResourceMetadata: prmUrls[0] } : {}),
    ...(spec.prm
      ? { resource: resource === 'origin' ? origin : typeof resource !== 'object' ? mcpUrl : 'path' in resource ? origin + resource.path : resource.literal }
      : {}),
    authorizationServers: spec.prm?.authorizationServers ?? [],
    ...(spec.prm?.migrateTo ? { migratedAuthorizationServers: spec.prm.migrateTo } : {}),
  };
}

/** Asks the authorization servers this resource server trusts whether they issued a token. */
export type TokenIntrospector = (token: string) => TokenGrant | undefined;

/** The MCP server behind a bearer gate, with its protected resource metadata. */
export class MockResourceServer {
  readonly app: Express;
  readonly endpoint = new McpEndpoint();
  /** `prm.migrateTo`: set once the server has accepted a bearer request, from then on only the new servers count. */
  private migrated = false;
  private readonly initialIssuers: string[];
  private readonly dpop: DpopVerifier | undefined;

  constructor(
    private readonly spec: ResourceServerSpec,
    readonly resolved: ResolvedResourceServer,
    /** `authorization_servers` as published: the issuer strings, verbatim. */
    issuers: string[],
    private readonly introspect: TokenIntrospector,
    recorder: Recorder,
    /** Issuers of the authorization servers it migrates to (also in `issuers`, which the introspector trusts). */
    private readonly migratedIssuers: string[] = [],
    /** `authorizationServerMetadataCopy`: the metadata it serves at its origin's root. */
    metadataCopy?: () => Record<string, unknown>,
  ) {
    this.initialIssuers = issuers.filter((issuer) => !migratedIssuers.includes(issuer));
    this.dpop = spec.dpop ? new DpopVerifier(spec.dpop.requireNonce === true) : undefined;
    this.app = express();
    this.app.disable('x-powered-by');
    this.app.use(...recorder.middleware(spec.id, 'resource-server', resolved.origin));
    if (spec.prm) {
      const scopesSupported = spec.prm.scopesSupported;
      const document = () => ({
        resource: resolved.resource,
        authorization_servers: this.currentIssuers(),
        bearer_methods_supported: ['header'],
        ...(scopesSupported ? { scopes_supported: scopesSupported } : {}),
      });
      for (const location of spec.prm.servedAt) this.app.get(prmPath(location, spec), (_req, res) => void res.json(document()));
    }
    if (metadataCopy) this.app.get('/.well-known/oauth-authorization-server', (_req, res) => void res.json(metadataCopy()));
    this.app.all(spec.mcpPath, (req, res) => this.mcp(req, res));
    this.app.use(wellKnownFallback(spec.otherWellKnown));
    if (spec.gateway) {
      // A gateway fronting many servers guards every path but its published metadata: the MCP path's
      // own .well-known and the origin's root .well-known alike answer 401, as real gateways do.
      this.app.use((_req, res) => this.challenge(res));
    }
    this.app.use((_req, res) => void res.status(404).json({ error: 'not_found' }));
    this.app.use(bodyErrorHandler);
  }

  private currentIssuers(): string[] {
    return this.migrated ? this.migratedIssuers : this.initialIssuers;
  }

  /** The Bearer challenge, with an error when there is one; the Bearer scheme comes first, as clients parse only it. */
  private bearerChallenge(error?: string, description?: string): string {
    const params: string[] = [];
    if (error) params.push(`error="${error}"`, `error_description="${description ?? ''}"`);
    if (this.resolved.challengeResourceMetadata) params.push(`resource_metadata="${this.resolved.challengeResourceMetadata}"`);
    if (this.spec.challenge.scope) params.push(`scope="${this.spec.challenge.scope}"`);
    return params.length ? `Bearer ${params.join(', ')}` : 'Bearer';
  }

  private challenge(res: Response, invalidToken?: string): void {
    // A server that also takes DPoP says so with a second challenge (RFC 9449 §7.2, Figure 17).
    const challenges = [this.bearerChallenge(invalidToken && 'invalid_token', invalidToken), ...(this.dpop ? [dpopChallenge()] : [])];
    res
      .status(401)
      .set('WWW-Authenticate', challenges)
      .json({ error: invalidToken ? 'invalid_token' : 'unauthorized', error_description: invalidToken ?? 'authorization required' });
  }

  /** RFC 6750 §3.1 step-up challenge: the scope the request needs. */
  private insufficientScope(res: Response, scope: string): void {
    const params = [`error="insufficient_scope"`, `scope="${scope}"`];
    if (this.resolved.challengeResourceMetadata) params.push(`resource_metadata="${this.resolved.challengeResourceMetadata}"`);
    res
      .status(403)
      .set('WWW-Authenticate', `Bearer ${params.join(', ')}`)
      .json({ error: 'insufficient_scope', error_description: `this request needs scope ${scope}` });
  }

  private async mcp(req: Request, res: Response): Promise<void> {
    const dpopToken = this.dpop ? dpopCredentials(req.headers.authorization) : undefined;
    const token = dpopToken ?? bearerCredentials(req.headers.authorization);
    if (token === undefined) return this.challenge(res);
    const grant = this.introspect(token);
    if (!grant) return this.challenge(res, 'the access token is unknown or expired');
    if (this.dpop) {
      const presented = {
        scheme: dpopToken ? ('DPoP' as const) : ('Bearer' as const),
        token,
        bound: grant.jkt,
        target: this.resolved.origin + req.originalUrl,
      };
      if (!(await admitAtResource(req, res, this.dpop, presented, (error, description) => this.bearerChallenge(error, description)))) return;
    }
    if (grant.audience !== (this.resolved.resource ?? this.resolved.mcpUrl)) {
      return this.challenge(res, `the access token was issued for ${grant.audience}, not this server`);
    }
    if (this.migratedIssuers.length > 0) {
      if (!this.currentIssuers().includes(grant.issuer)) return this.challenge(res, 'the authorization server has changed');
      this.migrated = true;
    }
    if (this.spec.rejectEveryToken) return this.challenge(res, 'the access token is not accepted');
    const needed = this.spec.requiredScopes ? missingScope(this.spec.requiredScopes, req.body, grant.scope) : undefined;
    if (needed) return this.insufficientScope(res, needed);
    await this.endpoint.handle(req, res);
  }
}
