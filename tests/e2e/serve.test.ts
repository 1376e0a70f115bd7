import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { BUILD_ROOT, CLI, SCRIPTED_CLIENT } from '../helpers.js';

const exec = promisify(execFile);

describe('serve', () => {
  it('keeps a topology up for a client driven by hand and judges it on Ctrl-C', { timeout: 60_000 }, async () => {
    const server = spawn(process.execPath, [CLI, 'serve', '--scenario', 'split-auth0'], { env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    server.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const closed = new Promise<number | null>((resolve) => server.on('close', resolve));
    try {
      while (!/Ctrl-C to stop/.test(stdout)) await new Promise((r) => setTimeout(r, 50));
      const mcpUrl = stdout.match(/MCP server gateway: (\S+)/)?.[1];
      assert.ok(mcpUrl, stdout);
      const dir = await mkdtemp(join(tmpdir(), 'serve-browser-'));
      const browser = join(dir, 'browser');
      await writeFile(browser, `#!/bin/sh\nexec '${process.execPath}' '${join(BUILD_ROOT, 'tests', 'clients', 'follow-url.js')}' "$@"\n`, { mode: 0o755 });
      await exec(process.execPath, [SCRIPTED_CLIENT, mcpUrl], { env: { ...process.env, BROWSER: browser } });
      await rm(dir, { recursive: true, force: true });
    } finally {
      server.kill('SIGINT');
    }
    const code = await closed;
    assert.match(stdout, /SIGINT: \d+ request\(s\) recorded/);
    assert.match(stdout, /✔ MUST {3}authorized-request/);
    assert.equal(code, 0, stdout);
  });
});
