// Known upstream reports through the CLI, without the registry: a stand-in for opencode 1.0.185 sits in a client cache
// of its own, so `--client opencode@1.0.185` runs it as it would the installed release, and the failure its bug
// causes must name the upstream report on its terminal line and in results.json. The stand-in is the scripted client
// making the founding bug's mistake (metadata fetched below the MCP URL).
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkOf, removeDir, runCli, SCRIPTED_CLIENT } from '../helpers.js';

const FOUNDING = 'https://github.com/anomalyco/opencode/issues/7228';

/** A client cache holding `opencode-<platform>-<arch>@VERSION`, whose binary runs the scripted client with `fault`. */
async function standInCache(version: string, fault: string): Promise<string> {
  const cache = await mkdtemp(join(tmpdir(), 'known-bugs-cache-'));
  const pkg = `opencode-${process.platform}-${process.arch}`;
  // `opencode mcp auth conformance` with the server in OPENCODE_CONFIG_CONTENT, as the adapter launches it.
  const url = `JSON.parse(process.env.OPENCODE_CONFIG_CONTENT).mcp.conformance.url`;
  const script = `#!/bin/sh\nexec '${process.execPath}' '${SCRIPTED_CLIENT}' --fault ${fault} "$('${process.execPath}' -p '${url}')"\n`;
  const dir = join(cache, 'clients', `${pkg}@${version}`);
  const bin = join(dir, 'node_modules', pkg, 'bin');
  await mkdir(bin, { recursive: true });
  await writeFile(join(dir, '.installed'), '');
  await writeFile(join(bin, 'opencode'), script);
  await chmod(join(bin, 'opencode'), 0o755);
  return cache;
}

describe('known upstream reports', () => {
  it('a failure in a release inside a known bug\'s range says "known: <url>, fixed in V"', async () => {
    const cache = await standInCache('1.0.185', 'asm-from-mcp-url');
    try {
      const run = await runCli(['--client', 'opencode@1.0.185', '--drive', 'login', '-s', 'split-auth0', '--jobs', '1'], {
        env: { MCP_OAUTH_CONFORMANCE_CACHE: cache },
      });
      try {
        assert.equal(run.code, 1, run.stdout + run.stderr);
        const check = checkOf(run, 'split-auth0', 'asm-from-authorization-server');
        assert.equal(check.status, 'fail');
        assert.match(check.message, /\/example-server\/\.well-known\/oauth-authorization-server/, 'the stand-in ran, not an installed opencode');
        assert.equal(check.known?.url, FOUNDING);
        assert.equal(check.known?.fixedIn, '1.1.11');
        assert.equal(checkOf(run, 'split-auth0', 'authorized-request').known, undefined, 'a consequence is not the bug');
        assert.match(run.stdout, /asm-from-authorization-server: .*\(known: https:\/\/github\.com\/anomalyco\/opencode\/issues\/7228, fixed in 1\.1\.11\)$/m);
      } finally {
        await removeDir(run.outDir);
      }
    } finally {
      await removeDir(cache);
    }
  });
});
