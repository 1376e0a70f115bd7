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

/**
 * Why `authorized-request` is at most a SHOULD where the authorization server offers client ID metadata documents and
 * no registration: CIMD support is a SHOULD, so a client without it may stop for want of a client ID.
 */
export const CIMD_ONLY_AT_MOST_SHOULD =
  'supporting Client ID Metadata Documents is a SHOULD, and a client without it may stop here for want of a client ID (registration-cimd says so)';
