// What the mock authorization server registers for a valid request (RFC 7591 §3.2.1: it may replace requested values).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { assignClientMetadata, CLIENT_METADATA_SCHEMA, type RegistrationSupport } from '../../mock-servers/registration-schema.js';
import { RESULTS_SCHEMA_PATH } from '../../reports/results-folder.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const REDIRECT = ['http://127.0.0.1:6000/callback'];
const support = (methods: string[], policy: RegistrationSupport['policy'] = 'assign'): RegistrationSupport => ({
  tokenEndpointAuthMethods: methods,
  grantTypes: ['authorization_code', 'refresh_token'],
  responseTypes: ['code'],
  policy,
});

describe('assignClientMetadata', () => {
  it('keeps a supported method and assigns the first listed one instead of an unsupported or omitted one', () => {
    const kept = assignClientMetadata(
      { redirect_uris: REDIRECT, token_endpoint_auth_method: 'client_secret_post' },
      support(['client_secret_basic', 'client_secret_post']),
    );
    assert.deepEqual(kept.ok && kept.assigned.token_endpoint_auth_method, 'client_secret_post');
    const none = assignClientMetadata({ redirect_uris: REDIRECT, token_endpoint_auth_method: 'none' }, support(['client_secret_post', 'client_secret_basic']));
    assert.deepEqual(none.ok && none.assigned.token_endpoint_auth_method, 'client_secret_post');
    // Omitted means client_secret_basic (RFC 7591 §2); a server that supports only none assigns none.
    const omitted = assignClientMetadata({ redirect_uris: REDIRECT }, support(['none']));
    assert.deepEqual(omitted.ok && omitted.assigned.token_endpoint_auth_method, 'none');
    const unknown = assignClientMetadata({ redirect_uris: REDIRECT, token_endpoint_auth_method: 'private_key_jwt' }, support(['none', 'client_secret_basic']));
    assert.deepEqual(unknown.ok && unknown.assigned.token_endpoint_auth_method, 'none');
  });

  it('refuses an unsupported method with invalid_client_metadata only under refuse-unsupported-method', () => {
    const refused = assignClientMetadata(
      { redirect_uris: REDIRECT, token_endpoint_auth_method: 'none' },
      support(['client_secret_basic'], 'refuse-unsupported-method'),
    );
    assert.deepEqual(refused, {
      ok: false,
      error: 'invalid_client_metadata',
      description: 'token_endpoint_auth_method none is not supported; supported: client_secret_basic',
    });
    const accepted = assignClientMetadata(
      { redirect_uris: REDIRECT, token_endpoint_auth_method: 'client_secret_basic' },
      support(['client_secret_basic'], 'refuse-unsupported-method'),
    );
    assert.equal(accepted.ok, true);
  });

  it('keeps the supported grant_types and response_types, and fills in their defaults', () => {
    const mixed = assignClientMetadata(
      { redirect_uris: REDIRECT, grant_types: ['authorization_code', 'client_credentials', 'refresh_token'], response_types: ['code', 'token'] },
      support(['none']),
    );
    assert.ok(mixed.ok);
    assert.deepEqual(mixed.assigned.grant_types, ['authorization_code', 'refresh_token']);
    assert.deepEqual(mixed.assigned.response_types, ['code']);
    const omitted = assignClientMetadata({ redirect_uris: REDIRECT }, support(['none']));
    assert.ok(omitted.ok);
    assert.deepEqual(omitted.assigned.grant_types, ['authorization_code']);
    assert.deepEqual(omitted.assigned.response_types, ['code']);
    const unsupportedOnly = assignClientMetadata({ redirect_uris: REDIRECT, grant_types: ['implicit'] }, support(['none']));
    assert.deepEqual(unsupportedOnly.ok && unsupportedOnly.assigned.grant_types, ['authorization_code']);
  });
});

// The harness compiles both schemas without checking them against the meta-schema (it costs a run ~50 ms): here they are.
describe('the schemas the harness compiles', () => {
  for (const [name, schema] of [
    ['client metadata (RFC 7591)', CLIENT_METADATA_SCHEMA],
    ['results.json', JSON.parse(readFileSync(RESULTS_SCHEMA_PATH, 'utf8')) as object],
  ] as const) {
    it(`${name} is a valid JSON Schema`, () => {
      const ajv = new Ajv({ allErrors: true });
      addFormats(ajv);
      assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
    });
  }
});

describe('validators compiled at build time', () => {
  it('are compiled from the schemas as they are now (the digest on their first line)', async () => {
    const { schemaDigest, schemas } = await import('../../scripts/compile-validators.js');
    const generated = new URL('../../generated/', import.meta.url);
    for (const [file, schema] of Object.entries(schemas)) {
      const firstLine = readFileSync(new URL(file, generated), 'utf8').split('\n')[0];
      assert.equal(firstLine, `// schema sha256: ${schemaDigest(schema)}`, `${file} is stale: run npm run build`);
    }
  });
});
