// --topology FILE end to end: examples/split-auth0.yaml gives the catalogue's split-auth0 verdicts for the reference
// client and for the founding-bug client, list and serve take the file, and a malformed file is exit code 2 naming
// the line and the field.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { namespaceSupport } from '../../harness/run/isolation.js';
import { BUILD_ROOT, CLI, removeDir, runCli, SCRIPTED_CLIENT, scriptedClient, type CliRun } from '../helpers.js';

const exec = promisify(execFile);
const EXAMPLE = join(BUILD_ROOT, '..', 'examples', 'split-auth0.yaml');
const FILE_ID = 'split-auth0-file';

/** Check id → status of a scenario, in the order judged. */
function verdicts(run: CliRun, id: string): [string, string][] {
  const s = run.results?.scenarios.find((x) => x.id === id);
  assert.ok(s, `no ${id} in the results; stdout: ${run.stdout}\nstderr: ${run.stderr}`);
  return s.checks.map((c) => [c.id, `${c.status} ${c.level}`]);
}

describe('topology files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'topology-files-'));
  });
  after(async () => {
    await removeDir(dir);
  });

  for (const [name, client] of [
    ['the reference client', 'reference'],
    ['the founding-bug client (asm-from-mcp-url)', scriptedClient('asm-from-mcp-url')],
  ] as const) {
    it(`examples/split-auth0.yaml gives the catalogue's split-auth0 verdicts for ${name}`, { timeout: 120_000 }, async () => {
      const run = await runCli(['--client', client, '--topology', EXAMPLE, '-s', 'split-auth0', '-s', FILE_ID, '-j', '2']);
      try {
        const catalogue = verdicts(run, 'split-auth0');
        assert.deepEqual(verdicts(run, FILE_ID), catalogue);
        const statuses = run.results!.scenarios.map((s) => s.status);
        assert.equal(statuses[0], statuses[1]);
        assert.equal(statuses[0], client === 'reference' ? 'pass' : 'fail');
        if (client !== 'reference') assert.ok(catalogue.some(([id, status]) => id === 'asm-from-authorization-server' && status === 'fail MUST'));
        assert.equal(run.code, client === 'reference' ? 0 : 1);
        const origin = (id: string) => (run.results!.scenarios.find((s) => s.id === id) as { topologyFile?: string }).topologyFile;
        assert.deepEqual([origin('split-auth0'), origin(FILE_ID)], [undefined, EXAMPLE], 'results.json names the file a scenario came from');
      } finally {
        await removeDir(run.outDir);
      }
    });
  }

  it(
    "runs only the file's scenarios without -s, also in a namespace worker",
    { timeout: 120_000, skip: namespaceSupport().available ? false : `no network namespaces: ${namespaceSupport().reason}` },
    async () => {
      const run = await runCli(['--topology', EXAMPLE, '--isolation', 'namespace']);
      try {
        assert.deepEqual(
          run.results?.scenarios.map((s) => `${s.id} ${s.status}`),
          [`${FILE_ID} pass`],
          run.stdout + run.stderr,
        );
        assert.equal(run.code, 0);
      } finally {
        await removeDir(run.outDir);
      }
    },
  );

  it('the README example (an Auth0 tenant behind a gateway, registration on and off) passes with the reference client', { timeout: 120_000 }, async () => {
    const run = await runCli(['--topology', join(BUILD_ROOT, '..', 'examples', 'auth0-gateway.yaml'), '-j', '2']);
    try {
      assert.deepEqual(
        run.results?.scenarios.map((s) => `${s.id} ${s.status}`),
        ['acme-gateway-auth0 pass', 'acme-gateway-auth0-preregistered pass'],
        run.stdout + run.stderr,
      );
      const pre = run.results.scenarios[1]?.checks.find((c) => c.id === 'registration-preregistered');
      assert.equal(pre?.status, 'pass', 'the pre-registered client did not register');
    } finally {
      await removeDir(run.outDir);
    }
  });

  it("a baseline may name a file's scenario", { timeout: 60_000 }, async () => {
    const baseline = join(dir, 'baseline.yml');
    await writeFile(baseline, 'expected-failures:\n  - scenario: split-auth0-file\n    reason: the founding bug\n');
    const run = await runCli(['--client', scriptedClient('asm-from-mcp-url'), '--topology', EXAMPLE, '--baseline', baseline]);
    try {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /baseline .*: 2 expected failure\(s\), 0 unexpected, 0 stale/);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('list --topology shows what would run', async () => {
    const { stdout } = await exec(process.execPath, [CLI, 'list', '--topology', EXAMPLE], { env: { ...process.env, FORCE_COLOR: '0' } });
    assert.match(stdout, /1 scenario\(s\) from .*split-auth0\.yaml/);
    assert.match(stdout, new RegExp(`${FILE_ID} {2}\\[core\\]`));
    assert.match(stdout, /MCP server gateway: localhost\/example-server; 401 names resource_metadata; PRM at path-inserted naming auth0; gateway/);
    assert.match(stdout, /checks \(derived from the topology\): prm-uses-header-url, asm-from-authorization-server/);
    assert.doesNotMatch(stdout, /Suite providers/);
  });

  it("serve --topology keeps the file's scenario up and judges it", { timeout: 60_000 }, async () => {
    const server = spawn(process.execPath, [CLI, 'serve', '--topology', EXAMPLE, '-s', FILE_ID], { env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    server.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const closed = new Promise<number | null>((resolve) => server.on('close', resolve));
    try {
      while (!/Ctrl-C to stop/.test(stdout) && server.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      const mcpUrl = stdout.match(/MCP server gateway: (\S+)/)?.[1];
      assert.ok(mcpUrl, stdout);
      const browser = join(dir, 'browser');
      await writeFile(browser, `#!/bin/sh\nexec '${process.execPath}' '${join(BUILD_ROOT, 'tests', 'clients', 'follow-url.js')}' "$@"\n`, { mode: 0o755 });
      await exec(process.execPath, [SCRIPTED_CLIENT, mcpUrl], { env: { ...process.env, BROWSER: browser } });
    } finally {
      server.kill('SIGINT');
    }
    assert.equal(await closed, 0, stdout);
    assert.match(stdout, new RegExp(`Serving ${FILE_ID}`));
    assert.match(stdout, /✔ MUST {3}authorized-request/);
  });

  const base = `id: broken
description: an Auth0 tenant behind a gateway
topology:
  resourceServers:
    - id: gateway
      mcpPath: /example-server
      gateway: true
      challenge: { resourceMetadata: true }
      prm: { servedAt: [path-inserted], authorizationServers: [auth0] }
  authorizationServers:
    - id: auth0
      issuerPath: /
      discovery: [oauth-path-inserted]
      endpoints: { authorization: /authorize, token: /oauth/token }
      tokenEndpointAuthMethods: [none]
`;
  for (const [what, text, expected] of [
    [
      'a value of the wrong type',
      base.replace('issuerPath: /', 'issuerPath: 42'),
      /broken\.yaml:12: topology\.authorizationServers\[0\]\.issuerPath: must be a string, not number 42/,
    ],
    [
      'an unknown field',
      base.replace('      gateway: true', '      gateway: true\n      gatewayMode: strict'),
      /broken\.yaml:8: topology\.resourceServers\[0\]\.gatewayMode: unknown field \(did you mean 'gateway'\?\)/,
    ],
    [
      'bad YAML',
      base.replace('challenge: { resourceMetadata: true }', 'challenge: { resourceMetadata: true'),
      /broken\.yaml:9: \(the file\): not valid YAML or JSON/,
    ],
  ] as const) {
    it(`a file with ${what} is exit code 2 naming the line and the field`, { timeout: 60_000 }, async () => {
      const file = join(dir, 'broken.yaml');
      await writeFile(file, text);
      const run = await runCli(['--topology', file]);
      try {
        assert.equal(run.code, 2, run.stdout + run.stderr);
        assert.match(run.stderr, expected);
        assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
        assert.equal(run.results, undefined, 'nothing ran');
      } finally {
        await removeDir(run.outDir);
      }
      const listed = await exec(process.execPath, [CLI, 'list', '--topology', file]).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      assert.equal(listed.code, 2);
      assert.match(listed.stderr, expected);
    });
  }
});
