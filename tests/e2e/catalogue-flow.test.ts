import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertBrokenRun, checkOf, removeDir, runCli, scriptedClientAsking } from '../helpers.js';

/** The scripted client choosing its registration method from the metadata (so every DCR variant registers). */
const scripted = (...faults: string[]) => scriptedClientAsking('auto', ...faults);

const SCENARIOS = [
  'dcr-none',
  'dcr-client-secret-basic',
  'dcr-client-secret-post',
  'preregistered',
  'cimd',
  'no-registration-endpoint',
  'registration-refused-auth0',
  'scope-omitted',
  'forged-callback',
  'iss-correct',
  'iss-missing',
  'iss-wrong',
  'iss-normalized',
  'iss-unadvertised-wrong',
  'step-up',
  'step-up-unadvertised-scope',
  'step-up-never-enough',
  'invalid-token-loop',
  'step-up-no-refresh',
  'step-up-unadvertised-scope-no-refresh',
  'step-up-never-enough-no-refresh',
  'invalid-token-loop-no-refresh',
  'dcr-client-secret-basic-encoded',
  'registration-refused-redirect-uri',
  'token-expiry-refresh',
  'offline-access-unlisted',
];

describe('scripted client without faults on the registration and token scenarios', () => {
  it('passes every one of them (so each fault below is the only cause of its failure)', async () => {
    const run = await runCli(['--client', scripted(), ...SCENARIOS.flatMap((s) => ['--scenario', s])]);
    try {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(run.results!.scenarios.length, SCENARIOS.length);
      for (const s of run.results!.scenarios) {
        assert.equal(s.status, 'pass', `${s.id}: ${JSON.stringify(s.checks.filter((c) => c.status !== 'pass'))}`);
        // Every check that judges something here judged it: the scenario's own check did not skip.
        const own = s.checks.filter((c) => c.status === 'skip').map((c) => c.id);
        assert.ok(!own.includes('state-validated') && !own.includes('step-up') && !own.includes('refresh-token'), `${s.id} skipped ${own.join(', ')}`);
      }
    } finally {
      await removeDir(run.outDir);
    }
  });
});

const ORIGIN = 'http:\\/\\/(127\\.0\\.0\\.1|localhost):\\d+';
/** A pattern in which ORIGIN stands for any loopback origin of the run. */
const re = (source: string) => new RegExp(source.replaceAll('ORIGIN', ORIGIN));

/** Each broken client fails its check with a message naming the wrong request. */
const BROKEN: { fault: string; scenario: string; check: string; status: 'fail' | 'warn'; exit: number; message: RegExp }[] = [
  {
    fault: 'register-despite-credentials',
    scenario: 'preregistered',
    check: 'registration-preregistered',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected no registration \\(the client was given client_id=conformance-preregistered-client through MCP_CONFORMANCE_CONTEXT\\); the client sent POST ORIGIN\\/oauth\\/register to the authorization server \\(answered 201\\)$',
    ),
  },
  {
    fault: 'cimd-fragment',
    scenario: 'cimd',
    check: 'registration-cimd',
    status: 'warn',
    exit: 1, // the authorization server refuses the client_id, so the flow never completes
    message: re(
      '^expected a client_id that is an https URL with a path and no fragment; GET ORIGIN\\/oauth\\/authorize\\?.* carried client_id=https:\\/\\/scripted-client\\.mcp-oauth-conformance\\.invalid\\/client-metadata\\.json#client, which has a fragment$',
    ),
  },
  {
    fault: 'ignore-callback-state',
    scenario: 'forged-callback',
    check: 'state-validated',
    status: 'warn',
    exit: 0, // the flow then fails, but completing it after a forged callback is only a SHOULD there
    message: re(
      '^expected the callback GET ORIGIN\\/callback\\?code=.* to be discarded \\(its state=forged-\\S+ is not one the client sent\\); the client redeemed its code: POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 400\\)$',
    ),
  },
  {
    fault: 'ignore-iss',
    scenario: 'iss-wrong',
    check: 'iss-validated',
    status: 'fail',
    exit: 1,
    message: re('carried iss=ORIGIN\\/another-issuer, not the issuer ORIGIN \\(RFC 9207 .*\\); the client redeemed it: POST ORIGIN\\/oauth\\/token'),
  },
  {
    fault: 'ignore-iss',
    scenario: 'iss-missing',
    check: 'iss-validated',
    status: 'fail',
    exit: 1,
    message: re(
      'carried no iss although the metadata advertises authorization_response_iss_parameter_supported; the client redeemed it: POST ORIGIN\\/oauth\\/token',
    ),
  },
  {
    fault: 'ignore-iss',
    scenario: 'iss-normalized',
    check: 'iss-validated',
    status: 'fail',
    exit: 1,
    message: re('carried iss=ORIGIN\\/, not the issuer ORIGIN \\(RFC 9207 §2\\.4: a plain string comparison'),
  },
  {
    fault: 'ignore-iss',
    scenario: 'iss-unadvertised-wrong',
    check: 'iss-validated',
    status: 'fail',
    exit: 1,
    message: re('carried iss=ORIGIN\\/another-issuer, not the issuer ORIGIN .*; the client redeemed it: POST ORIGIN\\/oauth\\/token'),
  },
  {
    fault: 'step-up-challenged-only',
    scenario: 'step-up',
    check: 'step-up',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected scope="mcp:write mcp:read" \\(the scopes requested before and the challenged ones\\) after POST ORIGIN\\/mcp to the MCP server \\(answered 403\\); GET ORIGIN\\/oauth\\/authorize\\?.* requested scope="mcp:write", without mcp:read$',
    ),
  },
  {
    fault: 'step-up-challenged-only',
    scenario: 'step-up-unadvertised-scope',
    check: 'step-up',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected scope="mcp:write mcp:read" \\(the scopes requested before and the challenged ones\\) after POST ORIGIN\\/mcp to the MCP server \\(answered 403\\); GET ORIGIN\\/oauth\\/authorize\\?.* requested scope="mcp:write", without mcp:read$',
    ),
  },
  {
    fault: 'step-up-forever',
    scenario: 'step-up-never-enough',
    check: 'step-up-retry-limit',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected at most 2 re-authorizations after POST ORIGIN\\/mcp to the MCP server \\(answered 403\\) \\(3 attempts at a token in all, the first authorization included\\), then a stop; the client made \\d+ attempts \\(authorization requests\\) after it, the last GET ORIGIN\\/oauth\\/authorize',
    ),
  },
  {
    // A refresh is an attempt at a new token as much as an authorization: answering every 403 with one loops all the same.
    fault: 'refresh-on-403',
    scenario: 'step-up-never-enough',
    check: 'step-up-retry-limit',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected at most 2 re-authorizations after POST ORIGIN\\/mcp to the MCP server \\(answered 403\\) \\(3 attempts at a token in all, the first authorization included\\), then a stop; the client made \\d+ attempts \\(authorization or refresh requests\\) after it, the last POST ORIGIN\\/oauth\\/token',
    ),
  },
  {
    fault: 'refresh-on-403',
    scenario: 'step-up',
    check: 'step-up',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected a new authorization request with scope="mcp:write mcp:read" \\(the scopes requested before and the challenged ones\\) after POST ORIGIN\\/mcp to the MCP server \\(answered 403\\); the client answered with a refresh grant instead, POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 200\\), which cannot add a scope \\(RFC 6749 §6\\)$',
    ),
  },
  {
    fault: 'retry-invalid-token-forever',
    scenario: 'invalid-token-loop',
    check: 'invalid-token-retry-limit',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected at most 2 re-authorizations after POST ORIGIN\\/mcp to the MCP server \\(answered 401\\) \\(3 attempts at a token in all, the first authorization included\\), then a stop; the client made \\d+ attempts \\(authorization or refresh requests\\) after it, the last POST ORIGIN\\/oauth\\/token',
    ),
  },
  {
    fault: 'reuse-refresh-token',
    scenario: 'token-expiry-refresh',
    check: 'refresh-token',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected the latest refresh token in the refresh request; POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 400\\) presented a refresh token already rotated \\(issued by POST ORIGIN\\/oauth\\/token .*, exchanged \\d+ ms earlier by POST ORIGIN\\/oauth\\/token .*: a second refresh from one refresh token\\)$',
    ),
  },
  {
    fault: 'offline-access-always',
    scenario: 'offline-access-unlisted',
    check: 'offline-access',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected no offline_access scope \\(the authorization server\'s scopes_supported does not list it\\); GET ORIGIN\\/oauth\\/authorize\\?.* requested scope="mcp:tools offline_access"$',
    ),
  },
  {
    fault: 'guess-endpoints',
    scenario: 'no-registration-endpoint',
    check: 'asm-endpoints-from-metadata',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected the registration_endpoint the metadata names \\(none advertised\\); the client sent POST ORIGIN\\/register to the authorization server \\(answered 404\\)',
    ),
  },
];

describe('deliberately broken clients on the registration and token scenarios', { concurrency: 2 }, () => {
  for (const broken of BROKEN) {
    it(`--fault ${broken.fault} ${broken.status}s ${broken.check} on ${broken.scenario}`, async () => {
      await assertBrokenRun(['--client', scripted(broken.fault), '--scenario', broken.scenario], broken);
    });
  }
});

describe('reference client on Client ID Metadata Documents', () => {
  it('names its document at a host the harness cannot reach, and the verdict says the document was not checked', async () => {
    const run = await runCli(['--scenario', 'cimd']);
    try {
      const check = checkOf(run, 'cimd', 'registration-cimd');
      assert.equal(check.status, 'pass', check.message);
      assert.match(
        check.message,
        /^client_id=https:\/\/reference-client\.mcp-oauth-conformance\.invalid\/client-metadata\.json is well formed; the document could not be checked: reference-client\.mcp-oauth-conformance\.invalid is not on loopback/,
      );
    } finally {
      await removeDir(run.outDir);
    }
  });
});
