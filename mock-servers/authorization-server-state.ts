// What a mock authorization server knows between requests (clients, codes, tokens) and the few helpers every endpoint
// shares. The endpoints live in their own modules; mock-servers/authorization-server.ts wires them as routes.
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { AuthorizationServerSpec, ResolvedAuthorizationServer, TokenEndpointAuthMethod } from '../scenarios/types.js';
import { equivalentUris } from '../scenarios/uri-equivalence.js';
import type { Recorder } from './recorder.js';
import type { ExtensionGrants } from './extension-grants.js';
import type { DpopVerifier } from './dpop.js';

/** A client this server knows: registered here, pre-registered by the scenario, or a fetched metadata document. */
export interface KnownClient {
  clientId: string;
  clientSecret?: string;
  method: TokenEndpointAuthMethod;
  redirectUris: string[];
}

export interface CodeGrant {
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

export interface RefreshGrant {
  clientId: string;
  audience: string;
  scope?: string;
  /** DPoP: a public client's refresh token is bound to the key of its proof (RFC 9449 §5). */
  jkt?: string;
}

/** How the server is played: with a consent page (for a real browser) instead of approving a plain GET at once. */
export interface AuthorizationServerOptions {
  consentPage?: boolean;
  /** The extension grant its token endpoint answers instead of the authorization code grant (spec `extensionGrants`). */
  extensionGrants?: ExtensionGrants;
}

/** One authorization server's spec, where it listens, and what it has issued so far. */
export interface AuthorizationServerState {
  spec: AuthorizationServerSpec;
  resolved: ResolvedAuthorizationServer;
  /** Resources this server issues tokens for; the first is the audience when a client sends none. */
  resources: string[];
  recorder: Recorder;
  options: AuthorizationServerOptions;
  clients: Map<string, KnownClient>;
  codes: Map<string, CodeGrant>;
  accessTokens: Map<string, TokenGrant>;
  refreshTokens: Map<string, RefreshGrant>;
  dpop: DpopVerifier | undefined;
}

export const GRANT_TYPES_SUPPORTED = ['authorization_code', 'refresh_token'];
export const RESPONSE_TYPES_SUPPORTED = ['code'];

export const randomToken = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

export function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error, error_description: description });
}

/**
 * The resource this server issues tokens for that `requested` names, compared by RFC 3986 equivalence as a real
 * server may (http://localhost:4000/ names http://localhost:4000): the canonical form is a SHOULD the checks judge
 * (resource-parameter-matches-prm), so an equivalent form must not turn that finding into a failed flow.
 */
export function knownResource(state: AuthorizationServerState, requested: string): string | undefined {
  return state.resources.find((known) => equivalentUris(requested, known));
}
