/** Checks every authorization-code scenario judges. */
export const FLOW_CHECKS = [
  'asm-from-authorization-server',
  'asm-well-known-order',
  'asm-endpoints-from-metadata',
  'registration-dcr',
  'token-endpoint-auth-method',
  'pkce-s256',
  'pkce-verifier',
  'resource-parameter',
  'state-present',
  'redirect-uri',
  'scope-selection',
  'bearer-header',
  'authorized-request',
];

export const ALL_METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const;
