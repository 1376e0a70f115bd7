// Issue 20 items 3 and 5: clients written to the official suite's contract run unchanged, the variants whose
// authorization server issues no refresh token, and the checks of the normative sentences the catalogue lacked.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertAllPass, assertBrokenRun, BUILD_ROOT, removeDir, runCli, scriptedClientAsking, type BrokenOutcome } from '../helpers.js';

/** The scenarios this file adds, each passed by the reference client (and by the scripted client: catalogue-flow.test.ts). */
const NORMATIVE_SCENARIOS = [
  'step-up-no-refresh',
  'step-up-unadvertised-scope-no-refresh',
  'step-up-never-enough-no-refresh',
  'invalid-token-loop-no-refresh',
  'dcr-client-secret-basic-encoded',
  'registration-refused-redirect-uri',
];

const OFFICIAL_CONTRACT_CLIENT = [process.execPath, join(BUILD_ROOT, 'tests', 'clients', 'official-contract-client.js')].map((w) => `'${w}'`).join(' ');

describe('a client written to the official contract', () => {
  it('gets the official scenario names and runs unchanged; a scenario with no official equivalent keeps its own id', async () => {
    const run = await runCli([
      '--client',
      OFFICIAL_CONTRACT_CLIENT,
      '--scenario',
      'preregistered',
      '--scenario',
      'dcr-none',
      '--scenario',
      'token-expiry-refresh',
    ]);
    try {
      const byId = new Map(run.results!.scenarios.map((s) => [s.id, s]));
      for (const id of ['preregistered', 'dcr-none']) {
        const s = byId.get(id)!;
        assert.equal(s.status, 'pass', `${id}: ${s.reason ?? ''} ${JSON.stringify(s.checks.filter((c) => c.status !== 'pass'))}`);
      }
      // The client refuses a name it does not know, as the official example client does: token-expiry-refresh has no
      // official equivalent, so it is named by its own id.
      const own = byId.get('token-expiry-refresh')!;
      assert.notEqual(own.status, 'pass');
      assert.match(own.reason ?? '', /without sending any request; it said: .*Unknown scenario: token-expiry-refresh/);
      assert.equal(run.code, 1, run.stdout);
    } finally {
      await removeDir(run.outDir);
    }
  });
});

const ORIGIN = 'http:\\/\\/(127\\.0\\.0\\.1|localhost):\\d+';
/** A pattern in which ORIGIN stands for any loopback origin of the run. */
const re = (source: string) => new RegExp(source.replaceAll('ORIGIN', ORIGIN));

/** Broken clients on the scenarios of this file: each fails its check with a message naming the wrong request. */
const BROKEN: (BrokenOutcome & { faults: string[] })[] = [
  {
    // What SDK-based clients do: refresh on a 403 while they hold a refresh token, else re-authorize with the challenged
    // scope alone. With a refresh token (step-up) the refresh hides the scope; without one it shows.
    faults: ['refresh-on-403', 'step-up-challenged-only'],
    scenario: 'step-up-no-refresh',
    check: 'step-up',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected scope="mcp:write mcp:read" \\(the scopes requested before and the challenged ones\\) after POST ORIGIN\\/mcp to the MCP server \\(answered 403\\); GET ORIGIN\\/oauth\\/authorize\\?.* requested scope="mcp:write", without mcp:read$',
    ),
  },
  {
    faults: ['refresh-without-token'],
    scenario: 'invalid-token-loop-no-refresh',
    check: 'refresh-token-not-assumed',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected no refresh grant: the authorization server issued no refresh token \\(POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 200\\) carried none\\); the client sent POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 400\\) presenting no refresh token at all$',
    ),
  },
  {
    faults: ['require-refresh-token'],
    scenario: 'step-up-no-refresh',
    check: 'refresh-token-not-assumed',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected the access token of POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 200\\), whose answer carried no refresh token, in a request to the MCP server; the client never sent it$',
    ),
  },
  {
    faults: ['reuse-pkce-verifier'],
    scenario: 'step-up',
    check: 'pkce-fresh-verifier',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected a code_challenge of a new code_verifier in every authorization request; GET ORIGIN\\/oauth\\/authorize\\?.* carried the code_challenge of GET ORIGIN\\/oauth\\/authorize\\?',
    ),
  },
  {
    faults: ['web-application-type'],
    scenario: 'dcr-none',
    check: 'application-type-matches-redirect',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected application_type "native" for the loopback redirect URI http:\\/\\/127\\.0\\.0\\.1:\\d+\\/callback \\(a native application\\); the client sent POST ORIGIN\\/oauth\\/register to the authorization server \\(answered 201\\) with application_type "web"$',
    ),
  },
  {
    faults: ['basic-unencoded'],
    scenario: 'dcr-client-secret-basic-encoded',
    check: 'client-secret-basic-encoded',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected the client_id and client_secret form-encoded in the Basic header \\(client_id client%2B\\S+\\); POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 200\\) carried them as issued',
    ),
  },
  {
    faults: ['guess-endpoints'],
    scenario: 'registration-refused-redirect-uri',
    check: 'asm-endpoints-from-metadata',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected the registration_endpoint the metadata names .*; the client sent POST ORIGIN\\/register to the authorization server \\(answered 404\\)',
    ),
  },
];

describe('deliberately broken clients on the normative scenarios', { concurrency: 2 }, () => {
  for (const broken of BROKEN) {
    it(`--fault ${broken.faults.join(' --fault ')} ${broken.status}s ${broken.check} on ${broken.scenario}`, async () => {
      await assertBrokenRun(['--client', scriptedClientAsking('auto', ...broken.faults), '--scenario', broken.scenario], broken);
    });
  }
});

describe('the reference client on the normative scenarios', () => {
  it('passes every one of them', async () => {
    const run = await runCli(NORMATIVE_SCENARIOS.flatMap((s) => ['--scenario', s]));
    try {
      assertAllPass(run);
    } finally {
      await removeDir(run.outDir);
    }
  });
});
