// The checks added for parity with the official suite's 0.2.0-alpha line (docs/official-suite-parity.md): the
// reference client and the scripted client pass each, and a scripted client with one fault fails it, the message
// naming the request. 2026-07-28-only checks are run with an explicit --spec-version (the scripted client speaks
// 2025-11-25 in initialize).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertBrokenRun, checkOf, removeDir, runCli, scriptedClientAsking } from '../helpers.js';

/** The scripted client choosing its registration method from the metadata. */
const scripted = (...faults: string[]) => scriptedClientAsking('auto', ...faults);

const NEW_CHECKS = [
  'resource-parameter',
  'resource-parameter-valid-uri',
  'resource-parameter-consistent',
  'resource-parameter-matches-prm',
  'application-type',
  'dcr-grant-types',
];
const ORIGIN = 'http:\\/\\/(127\\.0\\.0\\.1|localhost):\\d+';
const re = (source: string) => new RegExp(source.replaceAll('ORIGIN', ORIGIN));

describe('correct clients pass the parity checks', () => {
  for (const [name, client] of [
    ['the reference client', []],
    ['the scripted client', ['--client', scripted()]],
  ] as const) {
    it(`${name} passes them on dcr-none and prm-root-origin-resource at 2026-07-28`, async () => {
      const run = await runCli([...client, '--spec-version', '2026-07-28', '--scenario', 'dcr-none', '--scenario', 'prm-root-origin-resource']);
      try {
        assert.equal(run.code, 0, run.stdout + run.stderr);
        for (const scenario of ['dcr-none', 'prm-root-origin-resource']) {
          for (const id of NEW_CHECKS) {
            const check = checkOf(run, scenario, id);
            assert.equal(check.status, 'pass', `${scenario} ${id}: ${check.message}`);
          }
        }
        assert.match(checkOf(run, 'dcr-none', 'application-type').message, /^application_type "native" in 1 registration request\(s\)$/);
        assert.match(checkOf(run, 'prm-root-origin-resource', 'resource-parameter-matches-prm').message, re('^resource=ORIGIN verbatim in 2 request\\(s\\)$'));
      } finally {
        await removeDir(run.outDir);
      }
    });
  }
});

const BROKEN: { fault: string; scenario: string; spec: string; check: string; status: 'fail' | 'warn'; exit: number; message: RegExp }[] = [
  {
    fault: 'no-application-type',
    scenario: 'dcr-none',
    spec: '2026-07-28',
    check: 'application-type',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected POST ORIGIN\\/oauth\\/register with application_type "native" or "web" \\(.*\\); the client sent POST ORIGIN\\/oauth\\/register to the authorization server \\(answered 201\\) with no application_type$',
    ),
  },
  {
    fault: 'no-refresh-grant',
    scenario: 'dcr-none',
    spec: '2026-07-28',
    check: 'dcr-grant-types',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected POST ORIGIN\\/oauth\\/register with grant_types including "refresh_token" \\(.*\\); the client sent POST ORIGIN\\/oauth\\/register to the authorization server \\(answered 201\\) with grant_types \\["authorization_code"\\]$',
    ),
  },
  {
    // The TypeScript SDK before 1.x's #1972 backport: new URL(resource).href turns the origin into origin + "/".
    fault: 'resource-href',
    scenario: 'prm-root-origin-resource',
    spec: '2025-11-25', // a SHOULD before 2026-07-28 too (the root PRM fallback, hence the scenario, is 2025-11-25's)
    check: 'resource-parameter-matches-prm',
    status: 'warn',
    exit: 0,
    message: re(
      '^expected resource=ORIGIN exactly \\(the resource of the protected resource metadata\\) in the authorization request; GET ORIGIN\\/oauth\\/authorize\\?.*resource=http%3A%2F%2Flocalhost%3A\\d+%2F to the authorization server \\(answered 302\\) carried resource=ORIGIN\\/, the same URI under RFC 3986 normalization but not the canonical form',
    ),
  },
  {
    fault: 'resource-fragment',
    scenario: 'dcr-none',
    spec: '2026-07-28',
    check: 'resource-parameter-valid-uri',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected resource to be an absolute URI without a fragment in the authorization request \\(RFC 8707 §2\\); GET ORIGIN\\/oauth\\/authorize\\?.* to the authorization server \\(answered 302\\) carried resource=ORIGIN\\/mcp#mcp, an absolute URI with a fragment$',
    ),
  },
  {
    fault: 'resource-inconsistent',
    scenario: 'dcr-none',
    spec: '2026-07-28',
    check: 'resource-parameter-consistent',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected resource=ORIGIN\\/mcp in the authorization_code token request, as in GET ORIGIN\\/oauth\\/authorize\\?.*; POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 200\\) carried resource=HTTP:\\/\\/LOCALHOST:\\d+\\/mcp \\(equivalent under RFC 3986, yet another string\\)$',
    ),
  },
];

describe('a scripted client with one fault fails its parity check, naming the request', () => {
  for (const broken of BROKEN) {
    it(`--fault ${broken.fault} ${broken.status}s ${broken.check} on ${broken.scenario} at ${broken.spec}`, async () => {
      await assertBrokenRun(['--client', scripted(broken.fault), '--spec-version', broken.spec, '--scenario', broken.scenario], broken);
    });
  }

  it('resource-href: the mock authorization server accepts the equivalent form, so the flow completes and resource-parameter (MUST) passes', async () => {
    const run = await runCli(['--client', scripted('resource-href'), '--spec-version', '2026-07-28', '--scenario', 'prm-root-origin-resource']);
    try {
      assert.equal(checkOf(run, 'prm-root-origin-resource', 'authorized-request').status, 'pass');
      const must = checkOf(run, 'prm-root-origin-resource', 'resource-parameter');
      assert.equal(must.status, 'pass', must.message);
      assert.match(must.message, /2 of them in an RFC 3986 equivalent form/);
      assert.equal(run.code, 0, run.stdout);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('no-application-type is not judged before 2026-07-28 (SEP-837 is not in 2025-11-25)', async () => {
    const run = await runCli(['--client', scripted('no-application-type'), '--spec-version', '2025-11-25', '--scenario', 'dcr-none']);
    try {
      assert.equal(run.code, 0, run.stdout);
      const scenario = run.results!.scenarios.find((s) => s.id === 'dcr-none')!;
      assert.equal(
        scenario.checks.find((c) => c.id === 'application-type'),
        undefined,
      );
      assert.equal(
        scenario.checks.find((c) => c.id === 'dcr-grant-types'),
        undefined,
      );
    } finally {
      await removeDir(run.outDir);
    }
  });
});
