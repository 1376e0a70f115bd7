// The scenarios of issue 20 the official suite lacks, and the token answers real servers send: the reference client
// and the scripted client pass them; a broken client fails each new check with a message naming what it broke.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAllPass, checkOf, removeDir, runCli, scriptedClient } from '../helpers.js';

const TOKEN_ANSWERS = [
  'token-type-lowercase',
  'token-response-without-scope',
  'token-response-without-refresh-token',
  'token-response-without-expires-in',
  'token-response-extra-members',
];
const SCENARIOS = [...TOKEN_ANSWERS, 'issuer-path-trailing-slash'];

const scenarioArgs = (ids: string[]) => ids.flatMap((id) => ['--scenario', id]);

describe('catalogue additions: correct clients', () => {
  for (const [name, client] of [
    ['reference', 'reference'],
    ['scripted', scriptedClient()],
  ] as const) {
    it(`the ${name} client passes every new scenario, each new check judged`, async () => {
      const run = await runCli(['--client', client, ...scenarioArgs(SCENARIOS)]);
      try {
        assertAllPass(run);
        assert.equal(run.results!.scenarios.length, SCENARIOS.length);
        for (const id of TOKEN_ANSWERS) assert.equal(checkOf(run, id, 'token-response-accepted').status, 'pass', id);
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
});
