import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isLoopbackHost } from '../scenarios/urls.js';

/**
 * RFC 7591 §2 client metadata. Unknown members are allowed: the RFC says the server MUST ignore
 * metadata it does not understand, and real clients send many (software_id, logo_uri, ...).
 */
export const CLIENT_METADATA_SCHEMA = {
  type: 'object',
  required: ['redirect_uris'],
  properties: {
    redirect_uris: { type: 'array', minItems: 1, items: { type: 'string', format: 'uri' } },
    token_endpoint_auth_method: { type: 'string' },
    grant_types: { type: 'array', items: { type: 'string' } },
    response_types: { type: 'array', items: { type: 'string' } },
    client_name: { type: 'string' },
    client_uri: { type: 'string', format: 'uri' },
    logo_uri: { type: 'string', format: 'uri' },
    scope: { type: 'string' },
    contacts: { type: 'array', items: { type: 'string' } },
    tos_uri: { type: 'string', format: 'uri' },
    policy_uri: { type: 'string', format: 'uri' },
    jwks_uri: { type: 'string', format: 'uri' },
    jwks: { type: 'object' },
    software_id: { type: 'string' },
    software_version: { type: 'string' },
    application_type: { type: 'string' },
  },
  additionalProperties: true,
} as const;

export interface ClientMetadata {
  redirect_uris: string[];
  token_endpoint_auth_method?: string;
  grant_types?: string[];
  response_types?: string[];
  scope?: string;
  [name: string]: unknown;
}

/** CLIENT_METADATA_SCHEMA's validator, compiled by `npm run build` (scripts/compile-validators.ts) into <build>/generated/. */
export const CLIENT_METADATA_VALIDATOR_FILE = 'client-metadata-validator.cjs';
let compiled: ValidateFunction<ClientMetadata> | undefined;
/** Loading the generated validator costs a few milliseconds; compiling the schema at run time cost ~90. */
export function clientMetadataValidator(): ValidateFunction<ClientMetadata> {
  // Ajv's standalone code is CommonJS that requires its runtime helpers by package path.
  compiled ??= createRequire(import.meta.url)(`../generated/${CLIENT_METADATA_VALIDATOR_FILE}`) as ValidateFunction<ClientMetadata>;
  return compiled;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'body';
  return `${where} ${error.message ?? 'is invalid'}`;
}

export type RegistrationCheck =
  { ok: true; metadata: ClientMetadata } | { ok: false; error: 'invalid_client_metadata' | 'invalid_redirect_uri'; description: string };

/** Validates a registration request body; errors are those of RFC 7591 §3.2.2. */
export function checkClientMetadata(body: unknown): RegistrationCheck {
  const validate = clientMetadataValidator();
  if (!validate(body)) {
    const errors = validate.errors ?? [];
    const onRedirect = errors.some(
      (e) => e.instancePath.startsWith('/redirect_uris') || (e.params as { missingProperty?: string }).missingProperty === 'redirect_uris',
    );
    return { ok: false, error: onRedirect ? 'invalid_redirect_uri' : 'invalid_client_metadata', description: errors.map(describeError).join('; ') };
  }
  for (const uri of body.redirect_uris) {
    const url = new URL(uri);
    if (url.hash) return { ok: false, error: 'invalid_redirect_uri', description: `redirect URI ${uri} has a fragment` };
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      return { ok: false, error: 'invalid_redirect_uri', description: `redirect URI ${uri} uses http on a host that is not loopback` };
    }
  }
  return { ok: true, metadata: body };
}

/** What the server supports, as its metadata lists it. */
export interface RegistrationSupport {
  tokenEndpointAuthMethods: readonly string[];
  grantTypes: readonly string[];
  responseTypes: readonly string[];
  /** `refuse-unsupported-method`: an unsupported token_endpoint_auth_method is refused instead of replaced. */
  policy: 'assign' | 'refuse-unsupported-method';
}

/** The values the server registers where they differ from (or fill in for) the requested ones. */
export interface AssignedMetadata {
  token_endpoint_auth_method: string;
  grant_types: string[];
  response_types: string[];
}

// RFC 7591 §2: the defaults of omitted values.
const DEFAULT_AUTH_METHOD = 'client_secret_basic';
const DEFAULT_GRANT_TYPES = ['authorization_code'];
const DEFAULT_RESPONSE_TYPES = ['code'];

/** The supported entries of a requested list, or the default's supported entries when none is left. */
function supportedSubset(requested: string[] | undefined, supported: readonly string[], defaults: string[]): string[] {
  const kept = (requested ?? []).filter((value, i, all) => supported.includes(value) && all.indexOf(value) === i);
  if (kept.length) return kept;
  const fallback = defaults.filter((value) => supported.includes(value));
  return fallback.length ? fallback : [supported[0]!];
}

/**
 * The metadata a server registers for a valid request: RFC 7591 §3.2.1 lets it "reject or replace any of the client's
 * requested metadata values ... and substitute them with suitable values", and it returns what it registered. An
 * unsupported token_endpoint_auth_method (client_secret_basic when omitted) becomes the first supported one, unless the
 * policy refuses it (RFC 7591 §3.2.2 invalid_client_metadata); grant_types and response_types keep their supported
 * entries.
 */
export function assignClientMetadata(
  metadata: ClientMetadata,
  support: RegistrationSupport,
): { ok: true; assigned: AssignedMetadata } | { ok: false; error: 'invalid_client_metadata'; description: string } {
  const requested = metadata.token_endpoint_auth_method ?? DEFAULT_AUTH_METHOD;
  const methods = support.tokenEndpointAuthMethods;
  const supported = methods.length === 0 || methods.includes(requested);
  if (!supported && support.policy === 'refuse-unsupported-method') {
    return {
      ok: false,
      error: 'invalid_client_metadata',
      description: `token_endpoint_auth_method ${requested || '""'} is not supported; supported: ${methods.join(', ')}`,
    };
  }
  return {
    ok: true,
    assigned: {
      token_endpoint_auth_method: supported ? requested : methods[0]!,
      grant_types: supportedSubset(metadata.grant_types, support.grantTypes, DEFAULT_GRANT_TYPES),
      response_types: supportedSubset(metadata.response_types, support.responseTypes, DEFAULT_RESPONSE_TYPES),
    },
  };
}
