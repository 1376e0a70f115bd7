import type { CheckId } from '../types.js';

/** The RFC 8707 resource checks beside resource-parameter: the value's form, its consistency, its canonical form. */
export const RESOURCE_CHECKS: CheckId[] = ['resource-parameter-valid-uri', 'resource-parameter-consistent', 'resource-parameter-matches-prm'];

/** Client metadata of a dynamic registration (2026-07-28): application_type and grant_types; skipped without one. */
export const CLIENT_METADATA_CHECKS: CheckId[] = ['application-type', 'application-type-matches-redirect', 'dcr-grant-types'];

/** Checks every authorization-code scenario judges. */
export const FLOW_CHECKS: CheckId[] = [
  'asm-from-authorization-server',
  'asm-well-known-order',
  'asm-endpoints-from-metadata',
  'registration-dcr',
  'token-endpoint-auth-method',
  'pkce-s256',
  'pkce-verifier',
  'resource-parameter',
  ...RESOURCE_CHECKS,
  'state-present',
  'redirect-uri',
  'scope-selection',
  'bearer-header',
  'authorized-request',
  ...CLIENT_METADATA_CHECKS,
];

export const ALL_METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const;
