// RFC 7591 §3.2.1: a server may replace requested metadata and returns what it registered. The dcr-* scenarios'
// servers assign their one token endpoint auth method to every registration; a client must authenticate with the
// assigned method, whatever it asked for. dcr-unsupported-method-refused plays the stricter server that refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAllPass, assertBrokenRun, checkOf, removeDir, runCli, scriptedClientAsking } from '../helpers.js';

const SPEC = ['--spec-version', '2025-11-25'];

/** The scripted client asking for `authMethod` when it registers, with the given faults. */
const scripted = scriptedClientAsking;

const ORIGIN = 'http:\\/\\/127\\.0\\.0\\.1:\\d+';
const re = (source: string) => new RegExp(source.replaceAll('ORIGIN', ORIGIN));

describe('clients that use the method the registration response assigned', () => {
  it('the reference client (asking for none) passes every dcr-* scenario, the refusing server included', async () => {
    const scenarios = ['dcr-none', 'dcr-client-secret-basic', 'dcr-client-secret-post', 'dcr-unsupported-method-refused'];
    const run = await runCli([...SPEC, ...scenarios.flatMap((s) => ['--scenario', s])]);
    try {
      assertAllPass(run);
      for (const method of ['client_secret_basic', 'client_secret_post']) {
        const check = checkOf(run, `dcr-${method.replace(/_/g, '-')}`, 'token-endpoint-auth-method');
        assert.match(
          check.message,
          new RegExp(`the registered one: ${method} \\(assigned by the registration response at seq \\d+; the client asked for none\\)$`),
        );
      }
      const retry = checkOf(run, 'dcr-unsupported-method-refused', 'registration-method-retry');
      assert.match(
        retry.message,
        re(
          '^after POST ORIGIN\\/oauth\\/register to the authorization server \\(answered 400\\): invalid_client_metadata .*, the client registered again asking for client_secret_basic: POST ORIGIN\\/oauth\\/register to the authorization server \\(answered 201\\)$',
        ),
      );
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('the scripted client asking for none passes the secret-method scenarios', async () => {
    const run = await runCli([...SPEC, '--client', scripted('none'), '--scenario', 'dcr-client-secret-basic', '--scenario', 'dcr-client-secret-post']);
    try {
      assertAllPass(run);
    } finally {
      await removeDir(run.outDir);
    }
  });
});

/** Each broken client fails its check with a message naming the token (or registration) request. */
const BROKEN: { args: string[]; scenario: string; check: string; status: 'fail' | 'warn'; exit: number; message: RegExp }[] = [
  {
    args: ['none', 'ignore-assigned-method'],
    scenario: 'dcr-client-secret-basic',
    check: 'token-endpoint-auth-method',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected POST ORIGIN\\/oauth\\/token with client_secret_basic \\(assigned by the registration response at seq \\d+; the client asked for none\\); ' +
        'the client sent POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 401\\) with client_id in the body and no client secret \\(none\\)$',
    ),
  },
  {
    args: ['client_secret_post', 'ignore-assigned-method'],
    scenario: 'dcr-client-secret-basic',
    check: 'token-endpoint-auth-method',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected POST ORIGIN\\/oauth\\/token with client_secret_basic \\(assigned by the registration response at seq \\d+; the client asked for client_secret_post\\); ' +
        'the client sent POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 401\\) with client_id\\/client_secret in the body \\(client_secret_post\\)$',
    ),
  },
  {
    // The stricter server's verdict is interop: a client that stops after the refusal only warns.
    args: ['none', 'no-registration-retry'],
    scenario: 'dcr-unsupported-method-refused',
    check: 'registration-method-retry',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected POST ORIGIN\\/oauth\\/register with a token_endpoint_auth_method of token_endpoint_auth_methods_supported \\(client_secret_basic\\) after ' +
        'POST ORIGIN\\/oauth\\/register to the authorization server \\(answered 400\\): invalid_client_metadata \\(.*\\); the client never registered again$',
    ),
  },
];

describe('clients that ignore the assigned method', () => {
  for (const broken of BROKEN) {
    const [authMethod, ...faults] = broken.args;
    it(`--auth-method ${authMethod} --fault ${faults.join(' ')} ${broken.status}s ${broken.check} on ${broken.scenario}`, async () => {
      await assertBrokenRun([...SPEC, '--client', scripted(authMethod!, ...faults), '--scenario', broken.scenario], broken);
    });
  }
});
