/**
 * The document an Okta org authorization server publishes at the origin's root, beside a custom authorization
 * server at a path: another issuer (the bare origin) with endpoints of its own. On the mock they answer 404,
 * so a client that strips the issuer's path and uses this document goes nowhere.
 */
export function orgServerMetadata(origin: string): Record<string, unknown> {
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/oauth2/v1/authorize`,
    token_endpoint: `${origin}/oauth2/v1/token`,
    registration_endpoint: `${origin}/oauth2/v1/clients`,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic'],
  };
}
