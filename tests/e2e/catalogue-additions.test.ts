// The scenarios of issue 20 the official suite lacks, and the token answers real servers send: the reference client
// and the scripted client pass them; a broken client fails each new check with a message naming what it broke.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertAllPass, assertBrokenRun, BUILD_ROOT, checkOf, removeDir, runCli, scriptedClient } from '../helpers.js';

const TOKEN_ANSWERS = [
  'token-type-lowercase',
  'token-response-without-scope',
  'token-response-without-refresh-token',
  'token-response-without-expires-in',
  'token-response-extra-members',
];
const SCENARIOS = [...TOKEN_ANSWERS, 'issuer-path-trailing-slash', 'cimd-without-registration', 'iss-mismatched-error'];
/** The scripted client never discovers again after its first token, so only the reference client meets the migration. */
const REFERENCE_ONLY = ['preregistered-authorization-server-changed'];
const SINGLE_SLOT_CLIENT = `node ${join(BUILD_ROOT, 'tests', 'clients', 'single-slot-client.js')}`;

const scenarioArgs = (ids: readonly string[]) => ids.flatMap((id) => ['--scenario', id]);

describe('catalogue additions: correct clients', () => {
  for (const [name, client, scenarios] of [
    ['reference', 'reference', [...SCENARIOS, ...REFERENCE_ONLY]],
    ['scripted', scriptedClient(), SCENARIOS],
  ] as const) {
    it(`the ${name} client passes every new scenario, each new check judged`, async () => {
      const run = await runCli(['--client', client, ...scenarioArgs(scenarios)]);
      try {
        assertAllPass(run);
        assert.equal(run.results!.scenarios.length, scenarios.length);
        for (const id of TOKEN_ANSWERS) assert.equal(checkOf(run, id, 'token-response-accepted').status, 'pass', id);
        assert.match(checkOf(run, 'cimd-without-registration', 'registration-cimd').message, /^client_id=https:\/\//);
        assert.match(
          checkOf(run, 'iss-mismatched-error', 'iss-error-not-acted-on').message,
          /^disregarded GET .*error=access_denied.* and redeemed the genuine response/,
        );
        assert.equal(checkOf(run, 'iss-mismatched-error', 'iss-error-not-displayed').status, 'pass');
        if (name === 'reference')
          assert.match(
            checkOf(run, 'preregistered-authorization-server-changed', 'preregistered-credentials-bound').message,
            /the client kept client_id=conformance-preregistered-client to http:\/\/127\.0\.0\.1:\d+ and went on there with credentials of its own: POST http:\/\/127\.0\.0\.1:\d+\/oauth\/register/,
          );
      } finally {
        await removeDir(run.outDir);
      }
    });
  }
});

const ORIGIN = 'http:\\/\\/(127\\.0\\.0\\.1|localhost):\\d+';
const re = (source: string) => new RegExp(source.replaceAll('ORIGIN', ORIGIN));

describe('catalogue additions: broken clients', () => {
  it('a client that insists on one shape of token response fails token-response-accepted, naming the shape it met', async () => {
    const run = await runCli(['--client', scriptedClient('strict-token-response'), ...scenarioArgs(TOKEN_ANSWERS)]);
    try {
      const shapes: Record<string, string> = {
        'token-type-lowercase': 'token_type "bearer" \\(RFC 6749 §5\\.1: "Value is case insensitive"\\)',
        'token-response-without-scope': 'no scope \\(RFC 6749 §5\\.1: optional when it is the scope requested\\)',
        'token-response-without-refresh-token': 'no refresh_token \\(RFC 6749 §5\\.1: optional\\)',
        'token-response-without-expires-in': 'no expires_in \\(RFC 6749 §5\\.1: only recommended\\)',
        'token-response-extra-members': 'the members ext_expires_in, refresh_token_expires_in, provider_trace beside the standard ones',
      };
      for (const [id, shape] of Object.entries(shapes)) {
        const check = checkOf(run, id, 'token-response-accepted');
        assert.equal(check.status, 'fail', `${id}: ${check.message}`);
        assert.match(
          check.message,
          re(
            `^expected the access token of POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 200\\) in a request to the MCP server; the answer carried ${shape}.*, and the client never used the token: `,
          ),
        );
      }
      assert.equal(run.code, 1, run.stdout);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('a client without Client ID Metadata Documents, where they are the only way to a client ID, is told so (SHOULD)', () =>
    assertBrokenRun(['--client', scriptedClient('no-cimd'), '--scenario', 'cimd-without-registration'], {
      scenario: 'cimd-without-registration',
      check: 'registration-cimd',
      status: 'warn',
      exit: 0,
      message: re(
        "^expected an authorization request whose client_id is the https URL of the client's metadata document: ORIGIN advertises client_id_metadata_document_supported and no registration_endpoint, so that is how a client gets a client ID there; the client made none, its last request was GET ORIGIN\\/\\.well-known\\/oauth-authorization-server",
      ),
    }));

  it('a client that keeps its pre-registered credentials for whichever server comes fails, naming the request that carried them', () =>
    // The SDK it is built on negotiates 2025-11-25, where this 2026-07-28 scenario is only a preview: force the revision.
    assertBrokenRun(
      ['--client', SINGLE_SLOT_CLIENT, '--scenario', 'preregistered-authorization-server-changed', '--timeout', '20000', '--spec-version', '2026-07-28'],
      {
        scenario: 'preregistered-authorization-server-changed',
        check: 'preregistered-credentials-bound',
        status: 'fail',
        exit: 1,
        message: re(
          '^expected the pre-registered client_id=conformance-preregistered-client \\(registered with ORIGIN\\) never to reach ORIGIN, the authorization server the resource now names; (POST|GET) ORIGIN\\/oauth\\/(token|authorize).* to the authorization server as2 \\(answered \\d+\\) carried it',
        ),
      },
    ));

  it('a client that shows and acts on an error response from another issuer fails, naming what it showed', async () => {
    const run = await runCli(['--client', scriptedClient('act-on-mismatched-error'), '--scenario', 'iss-mismatched-error']);
    try {
      const shown = checkOf(run, 'iss-mismatched-error', 'iss-error-not-displayed');
      assert.equal(shown.status, 'fail', shown.message);
      assert.match(
        shown.message,
        re(
          '^expected the error response GET ORIGIN\\/callback\\?error=access_denied.* to the client\'s redirect URI \\(answered 200\\) disregarded \\(its iss=ORIGIN\\/mix-up-attacker is not the issuer ORIGIN the client sent that state to\\); the client\'s answer shows its error_description "The user denied the request \\(forged-\\S+\\)"$',
        ),
      );
      const acted = checkOf(run, 'iss-mismatched-error', 'iss-error-not-acted-on');
      assert.equal(acted.status, 'warn', acted.message);
      assert.match(
        acted.message,
        re(
          '^expected the client to disregard GET .* \\(error=access_denied with iss=ORIGIN\\/mix-up-attacker, not the issuer ORIGIN: 2026-07-28 forbids acting on it\\) and redeem the genuine response that followed; it .* and never redeemed its code$',
        ),
      );
      assert.equal(run.code, 1, run.stdout);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('a client that rebuilds the issuer from its discovery URL loses the final "/" and never reaches the MCP server', () =>
    assertBrokenRun(['--client', scriptedClient('issuer-from-discovery-url'), '--scenario', 'issuer-path-trailing-slash'], {
      scenario: 'issuer-path-trailing-slash',
      check: 'authorized-request',
      status: 'fail',
      exit: 1,
      message: re(
        '^expected an authorized POST ORIGIN\\/mcp answered 2xx; the client never made one: its last request was GET ORIGIN\\/\\.well-known\\/oauth-authorization-server\\/oauth2 to the authorization server \\(answered 200\\)$',
      ),
    }));
});
