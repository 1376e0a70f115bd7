// Where an authorization server's metadata is served and what the document says (RFC 8414, OpenID Discovery).
import type { AsDiscoveryUrl, AuthorizationServerSpec, ResolvedAuthorizationServer } from '../scenarios/types.js';
import { hasScheme } from '../scenarios/urls.js';
import { DPOP_ALGS } from './dpop.js';
import { GRANT_TYPES_SUPPORTED, RESPONSE_TYPES_SUPPORTED, type AuthorizationServerState } from './authorization-server-state.js';

export function trimmedIssuerPath(spec: AuthorizationServerSpec): string {
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

/** The metadata document (RFC 8414, or OpenID Discovery with its extra fields). */
export function metadataDocument(state: AuthorizationServerState, oidc: boolean): Record<string, unknown> {
  const { resolved, spec } = state;
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
  Object.assign(document, state.options.extensionGrants?.metadata());
  for (const field of spec.omitMetadata ?? []) delete document[field];
  return document;
}
