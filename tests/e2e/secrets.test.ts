// No secret a client received or sent (tokens, codes, verifiers, client secrets) reaches any file the
// harness writes or its terminal output, even when the client prints them itself.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { removeDir, runCli, SCRIPTED_CLIENT } from '../helpers.js';

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const RUNS: { authMethod: string; scenarios: string[] }[] = [
  { authMethod: 'none', scenarios: ['split-auth0', 'path-suffixed', 'www-authenticate-only', 'okta-path-issuer'] },
  { authMethod: 'client_secret_basic', scenarios: ['split-auth0', 'okta-path-issuer', 'www-authenticate-only'] },
  { authMethod: 'client_secret_post', scenarios: ['split-auth0'] },
];

describe('secrets are redacted everywhere results are written', () => {
  for (const { authMethod, scenarios } of RUNS) {
    it(`a full flow with --auth-method ${authMethod} leaves no token, code, verifier or client secret in --out or the output`, async () => {
      const secretsDir = await mkdtemp(join(tmpdir(), 'secrets-'));
      const client = [process.execPath, SCRIPTED_CLIENT, '--auth-method', authMethod, '--secrets-file', join(secretsDir, '{scenario}.json')]
        .map((w) => `'${w}'`)
        .join(' ');
      const run = await runCli(['--client', client, '--verbose', ...scenarios.flatMap((s) => ['--scenario', s])]);
      try {
        assert.ok(run.results, run.stdout + run.stderr);
        const received: Record<string, Set<string>> = {};
        for (const file of await readdir(secretsDir)) {
          const secrets = JSON.parse(await readFile(join(secretsDir, file), 'utf8')) as Record<string, string[]>;
          for (const [name, values] of Object.entries(secrets)) for (const v of values) (received[name] ??= new Set()).add(v);
        }
        assert.equal((await readdir(secretsDir)).length, run.results.scenarios.length, 'a scenario wrote no secrets file');
        const expected = ['access_token', 'refresh_token', 'code', 'code_verifier', ...(authMethod === 'none' ? [] : ['client_secret'])];
        for (const name of expected) assert.ok(received[name]?.size, `the client reported no ${name}`);

        const written = await filesBelow(run.outDir);
        assert.ok(written.some((f) => f.endsWith('trace.json')) && written.some((f) => f.endsWith('stdout.txt')));
        const places: [string, string][] = [
          ...(await Promise.all(written.map(async (f) => [f, await readFile(f, 'utf8')] as [string, string]))),
          ['terminal stdout', run.stdout],
          ['terminal stderr', run.stderr],
        ];
        // The client printed its secrets: the redaction, not their absence, is what is tested.
        assert.ok(places.some(([f, text]) => f.endsWith('stdout.txt') && text.includes('[redacted:')));
        for (const [name, values] of Object.entries(received)) {
          for (const value of values) {
            for (const form of new Set([value, encodeURIComponent(value)])) {
              for (const [place, text] of places) assert.ok(!text.includes(form), `${name} ${form} appears in ${place}`);
            }
          }
        }
      } finally {
        await removeDir(run.outDir);
        await removeDir(secretsDir);
      }
    });
  }
});
